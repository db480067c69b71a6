#if canImport(Glibc)
import Glibc
#endif
#if canImport(Kernel)
import Kernel  // not a module in the fuzz package, which compiles the files it needs itself
#endif

/// An IPv4 or IPv6 address as its network-order bytes.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 or IPv6.
    public enum Family: String, Sendable, Hashable, Codable, CaseIterable {
        case ipv4, ipv6
        /// The `AF_*` constant.
        public var socketFamily: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }
    }

    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// The address family.
    public var family: Family { bytes.count == 4 ? .ipv4 : .ipv6 }

    /// Creates an address from 4 or 16 network-order bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses a literal such as `192.0.2.1` or `2001:db8::1` (brackets allowed for IPv6).
    public init?(_ text: String) {
        guard let bytes = NetworkPrefix.addressBytes(text) else { return nil }
        self.bytes = bytes
    }

    /// The conventional text form (`192.0.2.1`, `2001:db8::1`).
    public var description: String { NetworkPrefix.text(of: bytes) }

    /// Whether this is the unspecified address (0.0.0.0 or ::).
    public var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }

    /// Calls `body` with this address as a socket address with `port`.
    public func withSocketAddress<R>(port: UInt16 = 0, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        switch family {
        case .ipv4:
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6:
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// Reads the address and port from a socket address, or nil for another family.
    public static func from(_ storage: UnsafeRawPointer) -> (address: IPAddress, port: UInt16)? {
        let family = storage.load(as: sa_family_t.self)
        switch Int32(family) {
        case AF_INET:
            let address = storage.loadUnaligned(as: sockaddr_in.self)
            let bytes = withUnsafeBytes(of: address.sin_addr) { Array($0) }
            return (IPAddress(bytes: bytes)!, UInt16(bigEndian: address.sin_port))
        case AF_INET6:
            let address = storage.loadUnaligned(as: sockaddr_in6.self)
            let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            return (IPAddress(bytes: bytes)!, UInt16(bigEndian: address.sin6_port))
        default:
            return nil
        }
    }
}
