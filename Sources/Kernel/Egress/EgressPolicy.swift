import Foundation

/// Which addresses probes may connect to, checked on the resolved address of every target
/// (so a name that resolves somewhere else, DNS rebinding included, is refused too).
///
/// Three layers apply, in this order, and an address must pass all of them:
/// 1. built-in rules (`EgressPolicy.builtInRefusal`): unspecified, multicast and broadcast
///    addresses never; link-local networks, where cloud metadata services answer, only when
///    an `allow` entry of the plugin at least as specific as the link-local network names them;
/// 2. the probe plugin's `deny` and `allow` in `Plugins.json`;
/// 3. the policy of the tenant the probe runs for, set by server administrators through the
///    API (`PUT /api/v1/tenants/{id}/egress`) or `vantage tenant egress`, bound as
///    `EgressPolicy.current` while the host validates and runs a probe.
public struct EgressPolicy: Sendable, Hashable, Codable {
    /// Networks that may not be probed.
    public var denied: [NetworkPrefix]
    /// When not empty, the only networks that may be probed.
    public var allowed: [NetworkPrefix]

    /// Creates a policy.
    public init(denied: [NetworkPrefix] = [], allowed: [NetworkPrefix] = []) {
        self.denied = denied
        self.allowed = allowed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        denied = try container.decodeIfPresent([NetworkPrefix].self, forKey: .denied) ?? []
        allowed = try container.decodeIfPresent([NetworkPrefix].self, forKey: .allowed) ?? []
    }

    /// The policy as compact JSON text, as stores keep it.
    public var jsonText: String {
        if isUnrestricted { return "{}" }
        return (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A policy from stored JSON text; unrestricted for empty text.
    public init(jsonText: String) throws {
        // Most tenants have none: "{}" is read on every authenticated request, without a decoder.
        if jsonText.isEmpty || jsonText == "{}" {
            self = .unrestricted
        } else {
            self = try JSONDecoder().decode(EgressPolicy.self, from: Data(jsonText.utf8))
        }
    }

    /// No restriction beyond the built-in rules and the plugin's.
    public static let unrestricted = EgressPolicy()

    /// Whether the policy restricts nothing.
    public var isUnrestricted: Bool { denied.isEmpty && allowed.isEmpty }

    /// The policy of the tenant a probe is validated or run for. The host binds it around
    /// `Probe.validate` and `Probe.run`; `TargetResolver` applies it to every address it
    /// returns. A probe that resolves or connects by other means applies
    /// `EgressPolicy.current.refusal(for:)` itself.
    @TaskLocal public static var current: EgressPolicy = .unrestricted

    /// Networks that are never probed: 0.0.0.0/8, 224.0.0.0/4, 255.255.255.255/32, ::/128, ff00::/8.
    public static let alwaysDenied: [NetworkPrefix] = ["0.0.0.0/8", "224.0.0.0/4", "255.255.255.255/32", "::/128", "ff00::/8"]
        .compactMap(NetworkPrefix.init)

    /// Link-local networks, refused unless allowed explicitly: 169.254.0.0/16 (cloud metadata
    /// at 169.254.169.254 among them), fe80::/10, and the IPv6 metadata address fd00:ec2::254.
    public static let linkLocal: [NetworkPrefix] = ["169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128"].compactMap(NetworkPrefix.init)

    /// Why the built-in rules refuse `address`, or nil. `allowed` is the probe plugin's
    /// `allow` list: a link-local address is permitted only when an entry inside the
    /// link-local network (at least as specific) contains it, so `0.0.0.0/0` does not open
    /// 169.254.169.254 by accident. `plugin` names the plugin in the message.
    public static func builtInRefusal(for address: [UInt8], allowed: [NetworkPrefix], plugin: String) -> String? {
        let address = NetworkPrefix.unmapped(address)
        // The address's text only for a refusal: this runs on every check.
        if let network = alwaysDenied.first(where: { $0.contains(address) }) {
            return "\(NetworkPrefix.text(of: address)) is in \(network), which is never probed"
        }
        if let network = linkLocal.first(where: { $0.contains(address) }),
           !allowed.contains(where: { network.covers($0) && $0.contains(address) }) {
            let text = NetworkPrefix.text(of: address)
            return "\(text) is link-local (\(network), where cloud metadata services answer), which probes refuse by default; "
                + "to allow it, add \(text) (or a network inside \(network)) to \"allow\" in the configuration of \(plugin)"
        }
        return nil
    }

    /// Whose policy a refusal names, and how to change it.
    public enum Layer: Sendable, Hashable {
        /// A tenant's policy, set by server administrators.
        case tenant
        /// A probe plugin's `deny` and `allow` in `Plugins.json`, with the plugin's id.
        case plugin(String)

        var owner: String {
            switch self {
            case .tenant: "this tenant's egress policy"
            case .plugin(let id): "the \"deny\"/\"allow\" of \(id) in Plugins.json"
            }
        }

        var change: String {
            switch self {
            case .tenant: "; a server administrator changes it with PUT /api/v1/tenants/{id}/egress or vantage tenant egress"
            case .plugin: ""
            }
        }
    }

    /// Why this policy refuses `address`, or nil; `layer` says whose it is in the message.
    public func refusal(for address: [UInt8], as layer: Layer = .tenant) -> String? {
        guard !isUnrestricted else { return nil }
        let address = NetworkPrefix.unmapped(address)
        var text: String { NetworkPrefix.text(of: address) }
        if let network = denied.first(where: { $0.contains(address) }) {
            return "\(text) is in \(network), which \(layer.owner) denies\(layer.change)"
        }
        if !allowed.isEmpty, !allowed.contains(where: { $0.contains(address) }) {
            return "\(text) is outside the networks \(layer.owner) allows (\(allowed.map(\.description).joined(separator: ", ")))\(layer.change)"
        }
        return nil
    }

    /// The three layers in order for a probe plugin whose own `deny`/`allow` are `plugin`:
    /// the built-in rules, the plugin's policy, then the tenant's (`current`). Nil when
    /// `address` may be probed, else why not.
    public static func check(_ address: [UInt8], plugin: EgressPolicy, pluginID: String) -> String? {
        builtInRefusal(for: address, allowed: plugin.allowed, plugin: pluginID)
            ?? plugin.refusal(for: address, as: .plugin(pluginID))
            ?? current.refusal(for: address, as: .tenant)
    }
}
