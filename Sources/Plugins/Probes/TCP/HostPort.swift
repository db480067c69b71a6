import Kernel

/// A `host:port` target: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets.
    public var host: String
    /// The port, 1 to 65535.
    public var port: Int

    /// Parses `host:port`, `[v6]:port`; throws `ValidationError` on the field `target`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring, portPart: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]"), trimmed[trimmed.index(after: close)...].hasPrefix(":") else {
                throw ValidationError(field: "target", "expected [IPv6]:port, got '\(text)'")
            }
            hostPart = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            portPart = trimmed[trimmed.index(close, offsetBy: 2)...]
        } else {
            guard let colon = trimmed.lastIndex(of: ":"), trimmed.filter({ $0 == ":" }).count == 1 else {
                throw ValidationError(field: "target", "expected host:port (IPv6 as [address]:port), got '\(text)'")
            }
            hostPart = trimmed[..<colon]
            portPart = trimmed[trimmed.index(after: colon)...]
        }
        guard let port = Int(portPart), (1...65535).contains(port) else {
            throw ValidationError(field: "target", "port must be a number from 1 to 65535, got '\(portPart)'")
        }
        let host = String(hostPart)
        guard HostPort.isValidHost(host) else {
            throw ValidationError(field: "target", "'\(host)' is not a host name or IP address")
        }
        self.host = host
        self.port = port
    }

    /// Creates a value from parts already checked.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True for an IP literal or a DNS name of letters, digits, hyphens, underscores and dots
    /// (labels of 1 to 63 characters, 253 in all).
    static func isValidHost(_ host: String) -> Bool {
        if host.contains(":") { return host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } && !host.isEmpty }
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        let labels = host.hasSuffix(".") ? host.dropLast().split(separator: ".", omittingEmptySubsequences: false)
                                         : host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}
