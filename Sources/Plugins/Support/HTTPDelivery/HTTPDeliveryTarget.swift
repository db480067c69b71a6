import Foundation
import Kernel

/// A notifier's URL, checked: `http` or `https`, a host, no user info; and its addresses
/// checked against the egress rules before a delivery.
public struct HTTPDeliveryTarget: Sendable {
    /// The URL as given.
    public let url: String
    /// The host.
    public let host: String
    /// The port.
    public let port: Int
    /// The URL without its path and query (which may hold a token), for messages.
    public let display: String

    /// Parses `url`; throws `ValidationError` on `url` naming what is wrong.
    public init(_ url: String, field: String = "url") throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else {
            throw ValidationError(field: field, "must be an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else { throw ValidationError(field: field, "must name a host") }
        guard components.user == nil, components.password == nil else {
            throw ValidationError(field: field, "must not carry a user or password; use the channel's headers")
        }
        self.url = url
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (scheme == "https" ? 443 : 80)
        display = "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }

    /// Throws `NotificationFailure` (not retried) when an address of the host is refused by
    /// the built-in egress rules or by the tenant's policy (`EgressPolicy.current`).
    public func checkEgress() async throws {
        let addresses = try await Self.resolve(host)
        for address in addresses {
            if let refusal = EgressPolicy.check(address, plugin: .unrestricted, pluginID: "notifier") {
                throw NotificationFailure("delivery to \(display) is not allowed: \(refusal)", retryable: false)
            }
        }
    }

    static func resolve(_ host: String) async throws -> [[UInt8]] {
        if let v4 = IPv4Bytes.parse(host) { return [v4] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw NotificationFailure("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            guard let pointer = current.pointee.ai_addr else { continue }
            if current.pointee.ai_family == AF_INET {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { socket in
                    addresses.append(withUnsafeBytes(of: socket.pointee.sin_addr) { Array($0) })
                }
            } else if current.pointee.ai_family == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { socket in
                    addresses.append(withUnsafeBytes(of: socket.pointee.sin6_addr) { Array($0) })
                }
            }
        }
        return addresses
    }
}

/// Dotted IPv4 text to its four bytes.
enum IPv4Bytes {
    static func parse(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }
}
