import Kernel

/// Per-monitor options of `probe.whois`. The target is a domain, an IP address or an AS
/// number (`AS64500`).
public struct WHOISOptions: Codable, Sendable, Hashable {
    /// `auto` (RDAP where the registry offers it, else WHOIS), `rdap` or `whois`. Default `auto`.
    public var `protocol`: LookupProtocol
    /// Ask this server first: a WHOIS `HOST[:PORT]`, or an RDAP base URL (`https://…/`).
    public var server: String?
    /// WHOIS referrals followed after the first server, 0 to 5. Default 3
    /// (IANA → registry → registrar needs 2).
    public var maxReferrals: Int
    /// Days before expiry from which a domain is degraded, 1 to 365. Default 30.
    public var expiryWarningDays: Int

    /// Which protocol a lookup speaks.
    public enum LookupProtocol: String, Codable, Sendable, Hashable, CaseIterable {
        /// RDAP where the registry offers it, else WHOIS.
        case auto
        /// RDAP (JSON over HTTPS) only.
        case rdap
        /// WHOIS (RFC 3912, TCP port 43) only.
        case whois
    }

    /// Creates options; every parameter has its documented default.
    public init(protocol: LookupProtocol = .auto, server: String? = nil, maxReferrals: Int = 3, expiryWarningDays: Int = 30) {
        self.protocol = `protocol`
        self.server = server
        self.maxReferrals = maxReferrals
        self.expiryWarningDays = expiryWarningDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        `protocol` = try container.decodeIfPresent(LookupProtocol.self, forKey: .protocol) ?? .auto
        server = try container.decodeIfPresent(String.self, forKey: .server)
        maxReferrals = try container.decodeIfPresent(Int.self, forKey: .maxReferrals) ?? 3
        expiryWarningDays = try container.decodeIfPresent(Int.self, forKey: .expiryWarningDays) ?? 30
    }

    /// True when `server` is an RDAP base URL rather than a WHOIS server.
    var serverIsRDAP: Bool { server.map { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? false }

    /// Checks every option, throwing `ValidationError` on `config.<key>`.
    func validate() throws {
        if let server {
            if serverIsRDAP {
                guard server.count < 2048, !server.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                    throw ValidationError(field: "config.server", "'\(server.prefix(80))' is not a URL")
                }
                if `protocol` == .whois { throw ValidationError(field: "config.server", "an RDAP URL cannot be asked over WHOIS") }
            } else {
                _ = try WHOISServer(parsing: server, field: "config.server")
                if `protocol` == .rdap { throw ValidationError(field: "config.server", "give an RDAP base URL (https://…/) when protocol is rdap") }
            }
        }
        guard (0...5).contains(maxReferrals) else { throw ValidationError(field: "config.maxReferrals", "must be from 0 to 5") }
        guard (1...365).contains(expiryWarningDays) else { throw ValidationError(field: "config.expiryWarningDays", "must be from 1 to 365 days") }
    }
}
