#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An IPv4 or IPv6 network in CIDR form (`10.0.0.0/8`, `2001:db8::/32`, or a bare address,
/// a host route). Encoded in JSON as that string.
public struct NetworkPrefix: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The network's address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    /// How many leading bits are fixed, 0 to 32 or 128.
    public let length: Int

    /// Parses `ADDRESS/LENGTH` or a bare address; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let bytes = Self.addressBytes(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        guard let length = parts.count == 2 ? Int(parts[1]) : maximum, (0...maximum).contains(length),
              parts.count == 1 || parts[1].allSatisfy(\.isNumber) else { return nil }
        self.bytes = bytes
        self.length = length
    }

    /// The network-order bytes of an address literal (`192.0.2.1`, `2001:db8::1`, `[::1]`),
    /// or nil.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        // Parsed on every check of a monitor whose target is a literal: one C string, no copies.
        let literal = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        guard !literal.isEmpty, !literal.utf8.contains(UInt8(ascii: "%")) else { return nil }
        return literal.withCString { pointer -> [UInt8]? in
            var four = in_addr()
            if inet_pton(AF_INET, pointer, &four) == 1 { return withUnsafeBytes(of: &four) { Array($0) } }
            var six = in6_addr()
            if inet_pton(AF_INET6, pointer, &six) == 1 { return withUnsafeBytes(of: &six) { Array($0) } }
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:169.254.169.254`), which
    /// a dual-stack socket connects to; other addresses unchanged. Policies are applied to
    /// this form, so a mapped address cannot slip past an IPv4 rule.
    public static func unmapped(_ address: [UInt8]) -> [UInt8] {
        guard address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF else { return address }
        return Array(address[12..<16])
    }

    /// The text form of an address's bytes.
    public static func text(of address: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = address.count == 4 ? AF_INET : AF_INET6
        let written = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `address` (network-order bytes) is inside this network.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = length
        for (mine, theirs) in zip(bytes, address) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// Whether every address of `other` is inside this network.
    public func covers(_ other: NetworkPrefix) -> Bool { other.length >= length && contains(other.bytes) }

    public var description: String { "\(Self.text(of: bytes))/\(length)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let prefix = NetworkPrefix(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not an address or CIDR network such as 10.0.0.0/8 or 2001:db8::/32"))
        }
        self = prefix
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
