import Kernel

/// Which addresses a probe plugin may send to: the built-in rules of `EgressPolicy`
/// (unspecified, multicast and broadcast never; link-local, cloud metadata among it, only when
/// `allow` names it), the plugin's own `deny` and `allow`, and the policy of the tenant the
/// probe runs for (`EgressPolicy.current`).
public struct TargetPolicy: Sendable, Hashable {
    /// The plugin's own `deny` and `allow`.
    private let plugin: EgressPolicy

    /// Networks probes may never reach, besides the built-in ones.
    public var denied: [Network] { plugin.denied }
    /// When not empty, the only networks probes may reach.
    public var allowed: [Network] { plugin.allowed }

    /// The default policy: the built-in rules only.
    public static let standard = TargetPolicy(plugin: .unrestricted)

    private init(plugin: EgressPolicy) {
        self.plugin = plugin
    }

    /// Creates a policy from CIDR strings; throws naming the bad entry.
    public init(deny: [String] = [], allow: [String] = []) throws(PolicyError) {
        func parse(_ list: [String], _ field: String) throws(PolicyError) -> [Network] {
            var networks: [Network] = []
            for (index, text) in list.enumerated() {
                guard let network = Network(text) else { throw PolicyError(field: "\(field)[\(index)]", value: text) }
                networks.append(network)
            }
            return networks
        }
        plugin = EgressPolicy(denied: try parse(deny, "deny"), allowed: try parse(allow, "allow"))
    }

    /// A policy from a plugin configuration's `deny` and `allow`; throws `ConfigurationError`
    /// with the JSON path of the bad entry (`$.deny[2]`).
    public static func configured(deny: [String], allow: [String]) throws -> TargetPolicy {
        do {
            return try TargetPolicy(deny: deny, allow: allow)
        } catch {
            throw ConfigurationError(path: "$.\(error.field)", message: "\(error)")
        }
    }

    /// Nil when `address` may be probed, else the reason in plain words, naming the policy
    /// that refuses it and how to change it. Checks the tenant's `EgressPolicy.current` too.
    public func refusal(for address: IPAddress) -> String? {
        EgressPolicy.check(address.bytes, plugin: plugin, pluginID: "the probe plugin")
    }

    /// An address prefix such as `10.0.0.0/8`.
    public typealias Network = NetworkPrefix
}

extension NetworkPrefix {
    /// Whether `address` is inside this network.
    public func contains(_ address: IPAddress) -> Bool { contains(address.bytes) }

    /// How many leading bits are fixed.
    public var prefixLength: Int { length }
}

/// A policy entry that is not a CIDR network.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `deny[2]`, `allow[0]`, ...
    public var field: String
    /// The entry as written.
    public var value: String
    public var description: String { "\(field): '\(value)' is not an address or CIDR network such as 10.0.0.0/8 or 2001:db8::/32" }
}
