/// What arrived on a raw or datagram socket, decoded: an echo reply, an ICMP error quoting
/// one of our probes, or a TCP segment answering a SYN.
public enum InboundPacket: Sendable, Hashable {
    /// An echo reply.
    case echoReply(identifier: UInt16, sequence: UInt16, payload: ArraySlice<UInt8>, ttl: UInt8?)
    /// An ICMP error (time exceeded, unreachable, ...) with the probe it quotes.
    case icmpError(type: UInt8, code: UInt8, quoted: QuotedProbe, ttl: UInt8?)
    /// A TCP segment (SYN-ACK or RST answering a SYN probe).
    case tcp(TCPSegment)
}

/// The probe quoted inside an ICMP error: enough of the original packet to find it again.
public struct QuotedProbe: Sendable, Hashable {
    /// The original IP protocol: 1 (ICMP), 58 (ICMPv6), 17 (UDP) or 6 (TCP).
    public var ipProtocol: UInt8
    /// Where the original packet was going.
    public var destination: IPAddress
    /// The original IPv4 identification field (0 for IPv6).
    public var ipIdentification: UInt16
    /// The transport header fields that identify the probe.
    public var transport: Transport

    /// The quoted transport header.
    public enum Transport: Sendable, Hashable {
        /// An echo request.
        case echo(identifier: UInt16, sequence: UInt16)
        /// A UDP datagram; `length` is the UDP length field.
        case udp(sourcePort: UInt16, destinationPort: UInt16, length: UInt16)
        /// A TCP segment.
        case tcp(sourcePort: UInt16, destinationPort: UInt16, sequence: UInt32)
    }
}

/// A decoded TCP header.
public struct TCPSegment: Sendable, Hashable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequence: UInt32
    public var acknowledgement: UInt32
    public var flags: UInt8
    /// The sender, for IPv4 read from the IP header (nil when the caller knows it).
    public var source: IPAddress?
    /// The IPv4 TTL of the segment, when the IP header was present.
    public var ttl: UInt8?

    /// SYN and ACK both set.
    public var isSynAck: Bool { flags & 0x12 == 0x12 }
    /// RST set.
    public var isReset: Bool { flags & 0x04 != 0 }
}

/// ICMP, ICMPv6 and TCP protocol numbers.
public enum IPProtocolNumber {
    public static let icmp: UInt8 = 1
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmpV6: UInt8 = 58
}
