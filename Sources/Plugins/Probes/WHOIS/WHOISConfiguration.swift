import Kernel
import PacketSupport

/// Settings of a `probe.whois` instance: where lookups start, so the probe also works
/// offline against private servers.
public struct WHOISConfiguration: PluginConfiguration, Hashable {
    /// The WHOIS server asked first when no TLD server is configured. Default `whois.iana.org`.
    public var ianaServer: String
    /// WHOIS servers by TLD (`{"test": "127.0.0.1:4343"}`), asked instead of IANA.
    public var whoisServers: [String: String]
    /// Where the RDAP bootstrap files (`dns.json`, `ipv4.json`, `ipv6.json`, `asn.json`) are:
    /// a URL or a directory. Default `https://data.iana.org/rdap/`.
    public var rdapBootstrap: String
    /// RDAP base URLs by TLD, used before the bootstrap files.
    public var rdapServers: [String: String]
    /// The largest answer read, in bytes. Default 1 MiB.
    public var maxResponseBytes: Int
    /// Addresses or networks (CIDR) never contacted: WHOIS servers, referrals and RDAP hosts.
    /// On a shared server, deny internal ranges so that monitors cannot reach them.
    public var deny: [String]
    /// When not empty, the only networks that may be contacted.
    public var allow: [String]

    /// Creates settings with the public defaults.
    public init(ianaServer: String = "whois.iana.org", whoisServers: [String: String] = [:],
                rdapBootstrap: String = "https://data.iana.org/rdap/", rdapServers: [String: String] = [:],
                maxResponseBytes: Int = 1 << 20, deny: [String] = [], allow: [String] = []) {
        self.ianaServer = ianaServer
        self.whoisServers = whoisServers
        self.rdapBootstrap = rdapBootstrap
        self.rdapServers = rdapServers
        self.maxResponseBytes = maxResponseBytes
        self.deny = deny
        self.allow = allow
    }

    public init(from decoder: any Decoder) throws {
        let defaults = WHOISConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ianaServer = try container.decodeIfPresent(String.self, forKey: .ianaServer) ?? defaults.ianaServer
        whoisServers = try container.decodeIfPresent([String: String].self, forKey: .whoisServers) ?? [:]
        rdapBootstrap = try container.decodeIfPresent(String.self, forKey: .rdapBootstrap) ?? defaults.rdapBootstrap
        rdapServers = try container.decodeIfPresent([String: String].self, forKey: .rdapServers) ?? [:]
        maxResponseBytes = try container.decodeIfPresent(Int.self, forKey: .maxResponseBytes) ?? defaults.maxResponseBytes
        deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
    }

    /// The deny/allow policy; throws `ConfigurationError` naming the bad entry.
    func policy() throws -> TargetPolicy {
        try TargetPolicy.configured(deny: deny, allow: allow)
    }

    /// Checks the servers, throwing `ConfigurationError` with the JSON path.
    func validate() throws {
        _ = try policy()
        do {
            _ = try WHOISServer(parsing: ianaServer, field: "ianaServer")
            for (tld, server) in whoisServers { _ = try WHOISServer(parsing: server, field: "whoisServers.\(tld)") }
        } catch let error as Kernel.ValidationError {
            throw ConfigurationError(path: "$.\(error.issues.first?.field ?? "")", message: error.issues.first?.message ?? "\(error)")
        }
        for (tld, url) in rdapServers where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ConfigurationError(path: "$.rdapServers.\(tld)", message: "'\(url)' is not an http:// or https:// URL")
        }
        guard (1024...(16 << 20)).contains(maxResponseBytes) else {
            throw ConfigurationError(path: "$.maxResponseBytes", message: "must be from 1024 to 16777216 bytes")
        }
    }
}
