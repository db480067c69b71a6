import Kernel
import PacketSupport

/// Plugin settings of `probe.tls` (its entry's `config` in `Plugins.json`).
public struct TLSConfiguration: PluginConfiguration, Hashable {
    /// Threads that run handshakes (each blocks for at most a check's timeout). Default 64.
    public var threads: Int
    /// Networks no check may connect to (CIDR). On a shared server, deny internal ranges.
    public var deny: [String]
    /// When not empty, the only networks requests may connect to (CIDR). Link-local
    /// addresses (cloud metadata) need an entry inside 169.254.0.0/16 or fe80::/10.
    public var allow: [String]
    /// The directory a monitor's `caFile` must be in (default `ca` in the data directory).
    public var caDirectory: String?

    public init(threads: Int = 64, deny: [String] = [], allow: [String] = [], caDirectory: String? = nil) {
        self.threads = threads
        self.deny = deny
        self.allow = allow
        self.caDirectory = caDirectory
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        threads = try container.decodeIfPresent(Int.self, forKey: .threads) ?? 64
        deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
        caDirectory = try container.decodeIfPresent(String.self, forKey: .caDirectory)
    }

    /// Checks the settings; throws `ConfigurationError` with the JSON path.
    func validate() throws -> TargetPolicy {
        guard (1...1024).contains(threads) else { throw ConfigurationError(path: "$.threads", message: "must be from 1 to 1024") }
        return try TargetPolicy.configured(deny: deny, allow: allow)
    }
}
