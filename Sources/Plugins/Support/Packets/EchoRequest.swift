/// An ICMP or ICMPv6 echo request as it goes on the wire.
///
/// The payload starts with the marker `VNTG`, a 32-bit session cookie and a 16-bit word that
/// compensates the sequence number in the checksum, so every request of a session has the
/// same checksum (the Paris-traceroute trick: load balancers that hash the first ICMP
/// words see one flow). Replies are matched on sequence and cookie.
public struct EchoRequest: Sendable, Hashable {
    /// ICMP type 8 (IPv4) or ICMPv6 type 128.
    public var family: IPAddress.Family
    /// Echo identifier (the kernel replaces it on datagram sockets).
    public var identifier: UInt16
    /// Echo sequence number.
    public var sequence: UInt16
    /// The session cookie carried in the payload.
    public var cookie: UInt32
    /// Payload bytes after the 8-byte ICMP header (at least `minimumPayload`).
    public var payloadSize: Int

    /// The smallest payload that carries the marker, cookie and compensation word.
    public static let minimumPayload = 10
    /// Marker at the start of the payload.
    public static let marker: [UInt8] = Array("VNTG".utf8)

    /// Creates a request.
    public init(family: IPAddress.Family, identifier: UInt16, sequence: UInt16, cookie: UInt32, payloadSize: Int) {
        self.family = family
        self.identifier = identifier
        self.sequence = sequence
        self.cookie = cookie
        self.payloadSize = max(payloadSize, Self.minimumPayload)
    }

    /// The ICMP message: header and payload, with the checksum filled in for IPv4 (the
    /// kernel computes ICMPv6 checksums, and datagram sockets recompute IPv4's).
    public var bytes: [UInt8] {
        var message = [UInt8](repeating: 0, count: 8 + payloadSize)
        message[0] = family == .ipv4 ? ICMPType.echoRequest : ICMPType.echoRequestV6
        message.put(identifier, at: 4)
        message.put(sequence, at: 6)
        message.replaceSubrange(8..<12, with: Self.marker)
        message.put(UInt16(cookie >> 16), at: 12)
        message.put(UInt16(cookie & 0xFFFF), at: 14)
        for index in 18..<message.count { message[index] = UInt8(truncatingIfNeeded: index) }
        message.put(~sequence, at: 16)
        if family == .ipv4 { message.put(InternetChecksum.of(message), at: 2) }
        return message
    }

    /// Reads the cookie from an echo payload (the bytes after the 8-byte header), or nil when
    /// the payload is not one of ours.
    public static func cookie(inPayload payload: ArraySlice<UInt8>) -> UInt32? {
        guard payload.count >= minimumPayload, payload.prefix(4).elementsEqual(marker) else { return nil }
        let start = payload.startIndex + 4
        return UInt32(payload.word(at: start)) << 16 | UInt32(payload.word(at: start + 2))
    }
}

/// ICMP and ICMPv6 type numbers used here.
public enum ICMPType {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let echoRequest: UInt8 = 8
    public static let timeExceeded: UInt8 = 11
    public static let parameterProblem: UInt8 = 12
    public static let destinationUnreachableV6: UInt8 = 1
    public static let packetTooBigV6: UInt8 = 2
    public static let timeExceededV6: UInt8 = 3
    public static let parameterProblemV6: UInt8 = 4
    public static let echoRequestV6: UInt8 = 128
    public static let echoReplyV6: UInt8 = 129
}

extension Array where Element == UInt8 {
    /// Stores a big-endian 16-bit word at `offset`.
    mutating func put(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(value & 0xFF)
    }

    /// Stores a big-endian 32-bit word at `offset`.
    mutating func put(_ value: UInt32, at offset: Int) {
        put(UInt16(value >> 16), at: offset)
        put(UInt16(value & 0xFFFF), at: offset + 2)
    }
}

extension Collection where Element == UInt8, Index == Int {
    /// The big-endian 16-bit word at `offset` (callers check bounds).
    func word(at offset: Int) -> UInt16 { UInt16(self[offset]) << 8 | UInt16(self[offset + 1]) }

    /// The big-endian 32-bit word at `offset` (callers check bounds).
    func longWord(at offset: Int) -> UInt32 { UInt32(word(at: offset)) << 16 | UInt32(word(at: offset + 2)) }
}
