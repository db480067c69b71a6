#if canImport(Glibc)
import Glibc
#endif
import Kernel
import NIOCore
import NIOPosix

/// Resolves a host with the system resolver (getaddrinfo) on NIO's blocking-I/O thread pool,
/// so event-loop threads never block on DNS.
enum AddressResolver {
    /// Addresses of `host` for `port` in the order getaddrinfo returns them, filtered by family.
    static func resolve(_ host: String, port: Int, family: AddressFamily) async throws(ProbeFailure) -> [SocketAddress] {
        if let literal = try? SocketAddress(ipAddress: host, port: port) {
            guard family.accepts(literal) else {
                throw ProbeFailure(code: "name_not_resolved", message: "\(host) is not an \(family.rawValue) address")
            }
            return [literal]
        }
        let outcome: Result<[SocketAddress], ProbeFailure>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive { lookup(host, port: port) }
        } catch {
            throw ProbeFailure(code: "probe_error", message: "resolver thread pool unavailable: \(error)")
        }
        let addresses = try outcome.get().filter(family.accepts)
        guard !addresses.isEmpty else {
            throw ProbeFailure(code: "name_not_resolved", message: "\(host) has no \(family.rawValue) address")
        }
        return addresses
    }

    private static func lookup(_ host: String, port: Int) -> Result<[SocketAddress], ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = String(cString: gai_strerror(status))
            return .failure(ProbeFailure(code: "name_not_resolved", message: "\(host) could not be resolved: \(reason)"))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: host)) }
                case AF_INET6:
                    raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { addresses.append(SocketAddress($0.pointee, host: host)) }
                default: break
                }
            }
            cursor = entry.pointee.ai_next
        }
        return .success(addresses)
    }
}

/// Which address families a probe may use.
public enum AddressFamily: String, Codable, Sendable, CaseIterable {
    /// Whatever the resolver returns first.
    case any
    /// IPv4 only.
    case ipv4
    /// IPv6 only.
    case ipv6

    func accepts(_ address: SocketAddress) -> Bool {
        switch (self, address) {
        case (.any, _), (.ipv4, .v4), (.ipv6, .v6): true
        default: false
        }
    }
}
