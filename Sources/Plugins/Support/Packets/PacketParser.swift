/// Decodes packets read from raw and datagram sockets. Every read is bounds-checked: a
/// short, truncated or hostile packet yields nil, never a trap (a libFuzzer target checks).
public enum PacketParser {
    /// Decodes an ICMPv4 message. Raw sockets deliver the IP header first
    /// (`includesIPHeader`); datagram ICMP sockets do not.
    public static func icmpV4(_ packet: ArraySlice<UInt8>, includesIPHeader: Bool) -> InboundPacket? {
        var message = packet
        var ttl: UInt8?
        if includesIPHeader {
            guard let header = ipv4Header(packet), header.protocolNumber == IPProtocolNumber.icmp else { return nil }
            ttl = header.ttl
            message = packet.dropFirst(header.length)
        }
        guard message.count >= 8 else { return nil }
        let start = message.startIndex
        let type = message[start], code = message[start + 1]
        switch type {
        case ICMPType.echoReply:
            return .echoReply(identifier: message.word(at: start + 4), sequence: message.word(at: start + 6),
                              payload: message.dropFirst(8), ttl: ttl)
        case ICMPType.destinationUnreachable, ICMPType.timeExceeded, ICMPType.parameterProblem:
            guard let quoted = quotedV4(message.dropFirst(8)) else { return nil }
            return .icmpError(type: type, code: code, quoted: quoted, ttl: ttl)
        default:
            return nil
        }
    }

    /// Decodes an ICMPv6 message (raw and datagram ICMPv6 sockets deliver no IP header).
    public static func icmpV6(_ message: ArraySlice<UInt8>, hopLimit: UInt8? = nil) -> InboundPacket? {
        guard message.count >= 8 else { return nil }
        let start = message.startIndex
        let type = message[start], code = message[start + 1]
        switch type {
        case ICMPType.echoReplyV6:
            return .echoReply(identifier: message.word(at: start + 4), sequence: message.word(at: start + 6),
                              payload: message.dropFirst(8), ttl: hopLimit)
        case ICMPType.destinationUnreachableV6, ICMPType.timeExceededV6, ICMPType.parameterProblemV6, ICMPType.packetTooBigV6:
            guard let quoted = quotedV6(message.dropFirst(8)) else { return nil }
            return .icmpError(type: type, code: code, quoted: quoted, ttl: hopLimit)
        default:
            return nil
        }
    }

    /// Decodes a TCP segment read from a raw TCP socket (IPv4 raw sockets include the IP header).
    public static func tcp(_ packet: ArraySlice<UInt8>, includesIPHeader: Bool) -> InboundPacket? {
        var segment = packet
        var source: IPAddress?
        var ttl: UInt8?
        if includesIPHeader {
            guard let header = ipv4Header(packet), header.protocolNumber == IPProtocolNumber.tcp else { return nil }
            source = header.source
            ttl = header.ttl
            segment = packet.dropFirst(header.length)
        }
        guard segment.count >= 20 else { return nil }
        let start = segment.startIndex
        return .tcp(TCPSegment(sourcePort: segment.word(at: start), destinationPort: segment.word(at: start + 2),
                               sequence: segment.longWord(at: start + 4), acknowledgement: segment.longWord(at: start + 8),
                               flags: segment[start + 13], source: source, ttl: ttl))
    }

    /// The fields of an IPv4 header that the parsers need.
    struct IPv4Header {
        var length: Int
        var protocolNumber: UInt8
        var ttl: UInt8
        var identification: UInt16
        var source: IPAddress
        var destination: IPAddress
    }

    static func ipv4Header(_ packet: ArraySlice<UInt8>) -> IPv4Header? {
        guard packet.count >= 20 else { return nil }
        let start = packet.startIndex
        guard packet[start] >> 4 == 4 else { return nil }
        let length = Int(packet[start] & 0x0F) * 4
        guard length >= 20, packet.count >= length else { return nil }
        return IPv4Header(length: length, protocolNumber: packet[start + 9], ttl: packet[start + 8],
                          identification: packet.word(at: start + 4),
                          source: IPAddress(bytes: Array(packet[(start + 12)..<(start + 16)]))!,
                          destination: IPAddress(bytes: Array(packet[(start + 16)..<(start + 20)]))!)
    }

    static func quotedV4(_ quoted: ArraySlice<UInt8>) -> QuotedProbe? {
        guard let header = ipv4Header(quoted) else { return nil }
        guard let transport = quotedTransport(quoted.dropFirst(header.length), protocolNumber: header.protocolNumber) else { return nil }
        return QuotedProbe(ipProtocol: header.protocolNumber, destination: header.destination,
                           ipIdentification: header.identification, transport: transport)
    }

    static func quotedV6(_ quoted: ArraySlice<UInt8>) -> QuotedProbe? {
        guard quoted.count >= 40 else { return nil }
        let start = quoted.startIndex
        guard quoted[start] >> 4 == 6 else { return nil }
        let next = quoted[start + 6]
        guard let destination = IPAddress(bytes: Array(quoted[(start + 24)..<(start + 40)])),
              let transport = quotedTransport(quoted.dropFirst(40), protocolNumber: next) else { return nil }
        return QuotedProbe(ipProtocol: next, destination: destination, ipIdentification: 0, transport: transport)
    }

    static func quotedTransport(_ header: ArraySlice<UInt8>, protocolNumber: UInt8) -> QuotedProbe.Transport? {
        guard header.count >= 8 else { return nil }
        let start = header.startIndex
        switch protocolNumber {
        case IPProtocolNumber.icmp, IPProtocolNumber.icmpV6:
            guard header[start] == ICMPType.echoRequest || header[start] == ICMPType.echoRequestV6 else { return nil }
            return .echo(identifier: header.word(at: start + 4), sequence: header.word(at: start + 6))
        case IPProtocolNumber.udp:
            return .udp(sourcePort: header.word(at: start), destinationPort: header.word(at: start + 2), length: header.word(at: start + 4))
        case IPProtocolNumber.tcp:
            return .tcp(sourcePort: header.word(at: start), destinationPort: header.word(at: start + 2), sequence: header.longWord(at: start + 4))
        default:
            return nil
        }
    }
}
