import Kernel
import PacketSupport

/// A DNS server to query: an IP address or host name and a port (53 unless given).
/// Written `192.0.2.53`, `192.0.2.53:5353`, `2001:db8::53`, `[2001:db8::53]:5353` or
/// `ns1.example.net:53`.
public struct DNSServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host: an IP literal (without brackets) or a name.
    public var host: String
    /// The port.
    public var port: UInt16

    /// Creates an address from parts already checked.
    public init(host: String, port: UInt16 = 53) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST[:PORT]`; throws `ValidationError` naming `field`.
    public init(parsing text: String, field: String) throws {
        let trimmed = text.trimmingBlanks
        let example = "a server is HOST or HOST:PORT, with IPv6 as ADDRESS or [ADDRESS]:PORT, such as 192.0.2.53:5353"
        var host = trimmed
        var port: UInt16 = 53
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { throw ValidationError(field: field, "'\(text)' has no closing ']'; \(example)") }
            host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
            let rest = trimmed[trimmed.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()), number > 0 else {
                    throw ValidationError(field: field, "'\(text)': the port must be a number from 1 to 65535")
                }
                port = number
            }
            guard IPAddress(host)?.family == .ipv6 else { throw ValidationError(field: field, "'\(host)' is not an IPv6 address; \(example)") }
        } else if trimmed.filter({ $0 == ":" }).count == 1, let colon = trimmed.firstIndex(of: ":") {
            host = String(trimmed[..<colon])
            guard let number = UInt16(trimmed[trimmed.index(after: colon)...]), number > 0 else {
                throw ValidationError(field: field, "'\(text)': the port must be a number from 1 to 65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw ValidationError(field: field, "the server is empty; \(example)") }
        if IPAddress(host) == nil {
            guard !host.contains(":"), TargetResolver.isHostName(host) else {
                throw ValidationError(field: field, "'\(text)' is not an IP address or host name; \(example)")
            }
        }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The name servers of the system resolver, read from `resolv.conf`.
public enum ResolvConf {
    /// The `nameserver` lines of the file at `path` (at most three, as glibc uses), with
    /// IPv6 zone suffixes dropped; empty when the file is missing or lists none.
    public static func servers(path: String) -> [DNSServerAddress] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return servers(parsing: text)
    }

    /// Parses the text of a `resolv.conf`.
    public static func servers(parsing text: String) -> [DNSServerAddress] {
        var servers: [DNSServerAddress] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            let address = String(fields[1].split(separator: "%").first ?? "")
            guard IPAddress(address) != nil else { continue }
            servers.append(DNSServerAddress(host: address))
        }
        return Array(servers.prefix(3))
    }
}
