import Foundation
import Kernel
import PacketSupport

/// A checked `http://` or `https://` URL, split into what a request needs.
struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    let isSecure: Bool
    /// The host without IPv6 brackets.
    let host: String
    let port: UInt16
    /// The path and query sent in the request line (`/` when empty).
    let requestTarget: String
    let description: String

    static let schemes = ["http", "https"]

    /// Parses `text`; throws `ValidationError` on `field` naming what is wrong.
    init(parsing text: String, field: String = "target") throws {
        guard !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
            throw ValidationError(field: field, "must not contain spaces or control characters")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw ValidationError(field: field, "'\(text.prefix(80))' is not a URL such as https://example.net/health")
        }
        guard Self.schemes.contains(scheme) else {
            throw ValidationError(field: field, "the scheme '\(scheme)' is not supported", allowedValues: Self.schemes)
        }
        guard components.user == nil && components.password == nil else {
            throw ValidationError(field: field, "credentials in the URL are refused; use config.basicAuth, which is stored sealed")
        }
        var host = components.host ?? ""
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError(field: field, "'\(text.prefix(80))' has no host") }
        guard IPAddress(host) != nil || TargetResolver.isHostName(host) else {
            throw ValidationError(field: field, "'\(host)' is not an IP address or host name")
        }
        if let port = components.port, !(1...65_535).contains(port) {
            throw ValidationError(field: field, "the port must be 1 to 65535")
        }
        isSecure = scheme == "https"
        self.host = host
        port = UInt16(components.port ?? (isSecure ? 443 : 80))
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
        description = text
    }

    /// The `Host` header: the host, bracketed when IPv6, with the port when not the default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// The URL a `Location` header points to, relative to this one.
    func resolving(location: String) throws -> HTTPURL {
        guard let base = URL(string: description), let next = URL(string: location, relativeTo: base) else {
            throw ProbeFailure(code: "bad_redirect", message: "the redirect location '\(location.prefix(200))' is not a URL")
        }
        do {
            return try HTTPURL(parsing: next.absoluteString)
        } catch let error as Kernel.ValidationError {
            throw ProbeFailure(code: "bad_redirect", message: "the redirect to '\(location.prefix(200))' is refused: \(error.issues.first?.message ?? "")")
        }
    }
}
