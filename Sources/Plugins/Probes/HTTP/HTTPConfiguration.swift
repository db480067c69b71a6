import Kernel
import PacketSupport

/// Plugin settings of `probe.http` (its entry's `config` in `Plugins.json`).
public struct HTTPConfiguration: PluginConfiguration, Hashable {
    /// Networks no request (nor redirect) may connect to (CIDR). On a shared server, deny
    /// internal ranges so that monitors cannot reach them.
    public var deny: [String]
    /// When not empty, the only networks requests may connect to (CIDR). Link-local
    /// addresses (cloud metadata) need an entry inside 169.254.0.0/16 or fe80::/10.
    public var allow: [String]
    /// The directory a monitor's `caFile` must be in (default `ca` in the data directory).
    public var caDirectory: String?

    public init(deny: [String] = [], allow: [String] = [], caDirectory: String? = nil) {
        self.deny = deny
        self.allow = allow
        self.caDirectory = caDirectory
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
        caDirectory = try container.decodeIfPresent(String.self, forKey: .caDirectory)
    }

    /// The deny/allow policy; throws `ConfigurationError` naming the bad entry.
    func policy() throws -> TargetPolicy {
        try TargetPolicy.configured(deny: deny, allow: allow)
    }
}
