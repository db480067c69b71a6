import Kernel

/// Plugin settings of `probe.tcp` (its entry's `config` in `Plugins.json`): which networks
/// it may connect to. The built-in rules and the tenant's policy apply as well (see
/// `EgressPolicy`).
public struct TCPConfiguration: PluginConfiguration, Hashable {
    /// Networks never to connect to (CIDR). On a shared server, deny internal ranges.
    public var deny: [NetworkPrefix]
    /// When not empty, the only networks to connect to (CIDR). Link-local addresses (cloud
    /// metadata) need an entry inside 169.254.0.0/16 or fe80::/10.
    public var allow: [NetworkPrefix]

    /// Creates a configuration.
    public init(deny: [NetworkPrefix] = [], allow: [NetworkPrefix] = []) {
        self.deny = deny
        self.allow = allow
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deny = try container.decodeIfPresent([NetworkPrefix].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([NetworkPrefix].self, forKey: .allow) ?? []
    }
}
