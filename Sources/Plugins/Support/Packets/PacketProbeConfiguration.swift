import Kernel

/// Plugin settings shared by the raw-socket probes (`probe.icmp`, `probe.traceroute`,
/// `probe.mtr`): which ICMP sockets to use and which networks may be probed.
public struct PacketProbeConfiguration: PluginConfiguration, Hashable {
    /// `auto` (raw when permitted, else datagram), `raw` or `datagram`. Default `auto`.
    public var socket: SocketMode
    /// Extra networks never to probe (CIDR), besides unspecified, multicast and broadcast.
    public var deny: [String]
    /// When not empty, the only networks that may be probed (CIDR).
    public var allow: [String]

    /// Creates a configuration.
    public init(socket: SocketMode = .auto, deny: [String] = [], allow: [String] = []) {
        self.socket = socket
        self.deny = deny
        self.allow = allow
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        socket = try container.decodeIfPresent(SocketMode.self, forKey: .socket) ?? .auto
        deny = try container.decodeIfPresent([String].self, forKey: .deny) ?? []
        allow = try container.decodeIfPresent([String].self, forKey: .allow) ?? []
        do {
            _ = try TargetPolicy(deny: deny, allow: allow)
        } catch {
            let key: CodingKeys = error.field.hasPrefix("deny") ? .deny : .allow
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
        }
    }

    /// The target policy these settings describe.
    public var policy: TargetPolicy { (try? TargetPolicy(deny: deny, allow: allow)) ?? .standard }
}
