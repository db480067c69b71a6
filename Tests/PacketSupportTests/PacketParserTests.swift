import PacketSupport
import Testing

/// The reply parser on hand-built packets, including short and hostile ones.
struct PacketParserTests {
    static let source = IPAddress("10.9.1.1")!
    static let destination = IPAddress("10.9.3.2")!

    /// An IPv4 header: version 4, IHL 5, the protocol, TTL, addresses.
    static func ipv4Header(protocolNumber: UInt8, ttl: UInt8 = 64, identification: UInt16 = 0x1234,
                           from: IPAddress = source, to: IPAddress = destination) -> [UInt8] {
        [0x45, 0, 0, 84, UInt8(identification >> 8), UInt8(identification & 0xFF), 0, 0, ttl, protocolNumber, 0, 0] + from.bytes + to.bytes
    }

    @Test func echoReplyOnARawSocket() throws {
        let request = EchoRequest(family: .ipv4, identifier: 0xBEEF, sequence: 7, cookie: 0xCAFE_F00D, payloadSize: 56)
        var reply = request.bytes
        reply[0] = ICMPType.echoReply
        let packet = Self.ipv4Header(protocolNumber: 1, ttl: 62) + reply
        guard case .echoReply(let identifier, let sequence, let payload, let ttl)? = PacketParser.icmpV4(packet[...], includesIPHeader: true) else {
            Issue.record("not parsed as an echo reply")
            return
        }
        #expect(identifier == 0xBEEF)
        #expect(sequence == 7)
        #expect(ttl == 62)
        #expect(EchoRequest.cookie(inPayload: payload) == 0xCAFE_F00D)
    }

    @Test func timeExceededQuotingAUDPProbe() throws {
        let quotedUDP: [UInt8] = [0x9C, 0x40, 0x82, 0x9A, 0x00, 0x29, 0x00, 0x00]
        let quoted = Self.ipv4Header(protocolNumber: 17, ttl: 1, from: IPAddress("10.9.1.2")!) + quotedUDP
        let icmp: [UInt8] = [ICMPType.timeExceeded, 0, 0, 0, 0, 0, 0, 0] + quoted
        let packet = Self.ipv4Header(protocolNumber: 1, from: Self.source, to: IPAddress("10.9.1.2")!) + icmp
        guard case .icmpError(let type, _, let probe, _)? = PacketParser.icmpV4(packet[...], includesIPHeader: true) else {
            Issue.record("not parsed as an ICMP error")
            return
        }
        #expect(type == ICMPType.timeExceeded)
        #expect(probe.destination == Self.destination)
        #expect(probe.transport == .udp(sourcePort: 40_000, destinationPort: 33_434, length: 41))
    }

    @Test func icmpv6DestinationUnreachableQuotingATCPProbe() throws {
        let from = IPAddress("fd09:1::2")!, to = IPAddress("fd09:3::2")!
        let ipv6: [UInt8] = [0x60, 0, 0, 0, 0, 20, 6, 1] + from.bytes + to.bytes
        let tcp: [UInt8] = [0x9C, 0x40, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04] + [UInt8](repeating: 0, count: 12)
        let message: [UInt8] = [ICMPType.destinationUnreachableV6, 1, 0, 0, 0, 0, 0, 0] + ipv6 + tcp
        guard case .icmpError(_, let code, let probe, _)? = PacketParser.icmpV6(message[...]) else {
            Issue.record("not parsed")
            return
        }
        #expect(code == 1)
        #expect(probe.transport == .tcp(sourcePort: 40_000, destinationPort: 80, sequence: 0x0102_0304))
        #expect(ICMPErrorText.annotation(type: ICMPType.destinationUnreachableV6, code: 1, family: .ipv6) == "!X")
    }

    @Test func shortAndHostilePacketsAreRejected() {
        #expect(PacketParser.icmpV4([][...], includesIPHeader: true) == nil)
        #expect(PacketParser.icmpV4([0x4F, 0, 0, 0][...], includesIPHeader: true) == nil)
        // IHL claims 60 bytes of header in a 24-byte packet.
        #expect(PacketParser.icmpV4((Self.ipv4Header(protocolNumber: 1).map { $0 == 0x45 ? 0x4F : $0 } + [0, 0, 0, 0])[...], includesIPHeader: true) == nil)
        // A time exceeded whose quoted header is cut short.
        let truncated = Self.ipv4Header(protocolNumber: 1) + [ICMPType.timeExceeded, 0, 0, 0, 0, 0, 0, 0, 0x45, 0]
        #expect(PacketParser.icmpV4(truncated[...], includesIPHeader: true) == nil)
        #expect(PacketParser.icmpV6([ICMPType.timeExceededV6, 0, 0, 0, 0, 0, 0, 0, 0x60][...]) == nil)
        #expect(PacketParser.tcp([0x45][...], includesIPHeader: true) == nil)
    }

    @Test func everyEchoOfASessionHasTheSameChecksum() {
        // Paris traceroute: load balancers hashing the ICMP header see one flow.
        let checksums = Set((0..<90).map { sequence in
            let bytes = EchoRequest(family: .ipv4, identifier: 0x1111, sequence: UInt16(1000 + sequence), cookie: 42, payloadSize: 32).bytes
            return UInt16(bytes[2]) << 8 | UInt16(bytes[3])
        })
        #expect(checksums.count == 1)
        let packet = EchoRequest(family: .ipv4, identifier: 0x1111, sequence: 5, cookie: 42, payloadSize: 32).bytes
        #expect(InternetChecksum.of(packet) == 0, "a correct checksum sums to zero")
    }
}
