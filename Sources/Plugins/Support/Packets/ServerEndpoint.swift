import Foundation
import Kernel

/// A server given as `HOST[:PORT]`: an IP address or host name, IPv6 bracketed when a port
/// follows (`192.0.2.53`, `192.0.2.53:5353`, `2001:db8::53`, `[2001:db8::53]:5353`,
/// `ns1.example.net:53`). Shared by the probes that talk to servers users name.
public struct ServerEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host: an IP literal (without brackets) or a name.
    public var host: String
    /// The port.
    public var port: UInt16

    /// Creates an endpoint from parts already checked.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST[:PORT]`, with `defaultPort` when none is given; throws `ValidationError`
    /// naming `field`, with `example` (such as `192.0.2.53:5353`) in the message.
    public init(parsing text: String, field: String, defaultPort: UInt16, example: String) throws {
        let trimmed = text.first == " " || text.last == " " ? text.trimmingCharacters(in: .whitespaces) : text
        let hint = "a server is HOST or HOST:PORT, with IPv6 as ADDRESS or [ADDRESS]:PORT, such as \(example)"
        var host = trimmed
        var port = defaultPort
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { throw ValidationError(field: field, "'\(text)' has no closing ']'; \(hint)") }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()), number > 0 else {
                    throw ValidationError(field: field, "'\(text)': the port must be a number from 1 to 65535")
                }
                port = number
            }
            guard IPAddress(host)?.family == .ipv6 else { throw ValidationError(field: field, "'\(host)' is not an IPv6 address; \(hint)") }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            guard let number = UInt16(trimmed[trimmed.index(after: colon)...]), number > 0 else {
                throw ValidationError(field: field, "'\(text)': the port must be a number from 1 to 65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw ValidationError(field: field, "the server is empty; \(hint)") }
        if IPAddress(host) == nil {
            guard !host.contains(":"), TargetResolver.isHostName(host) else {
                throw ValidationError(field: field, "'\(text)' is not an IP address or host name; \(hint)")
            }
        }
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 host bracketed.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
