import Kernel
import PacketSupport

/// Plugin settings of `probe.http` (its entry's `config` in `Plugins.json`).
public struct HTTPConfiguration: PluginConfiguration, Hashable {
    /// Networks no request (nor redirect) may connect to (CIDR). On a shared server, deny
    /// internal ranges so that monitors cannot reach them.
    public var deny: [String]
    /// Networks allowed even inside `deny`.
    public var allow: [String]

    public init(deny: [String] = [], allow: [String] = []) {
        self.deny = deny
        self.allow = allow
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
    }

    /// The deny/allow policy; throws `ConfigurationError` naming the bad entry.
    func policy() throws -> TargetPolicy {
        try TargetPolicy.configured(deny: deny, allow: allow)
    }
}
