import Kernel
import PacketSupport

/// A DNS server to query: `HOST[:PORT]`, port 53 unless given.
public typealias DNSServerAddress = ServerEndpoint

extension ServerEndpoint {
    /// Parses a DNS server, port 53 by default; throws `ValidationError` naming `field`.
    init(dnsServer text: String, field: String) throws {
        try self.init(parsing: text, field: field, defaultPort: 53, example: "192.0.2.53:5353")
    }
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
        for line in TextLines.split(text, omittingEmpty: true) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            let address = String(fields[1].split(separator: "%").first ?? "")
            guard IPAddress(address) != nil else { continue }
            servers.append(DNSServerAddress(host: address, port: 53))
        }
        return Array(servers.prefix(3))
    }
}
