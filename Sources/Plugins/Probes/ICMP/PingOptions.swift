import Kernel
import PacketSupport

/// Per-monitor options of `probe.icmp`.
public struct PingOptions: Codable, Sendable, Hashable {
    /// Echo requests to send, 1 to 1000. Default 3.
    public var count: Int
    /// Seconds between requests. Default 0.2; at least 0.001 on raw sockets and 0.2 on
    /// unprivileged datagram sockets.
    public var interval: Double
    /// Seconds to wait for each reply, 0.01 to 60. Default 1.
    public var timeout: Double
    /// Payload bytes after the ICMP header, 10 to 65000. Default 56 (as ping).
    public var payloadSize: Int
    /// TTL or hop limit of the requests, 1 to 255. Default: the system's.
    public var ttl: Int?
    /// Source address of the requests. Default: chosen by the routing table.
    public var source: String?
    /// Outgoing interface name. Default: chosen by the routing table.
    public var interface: String?
    /// Address family for names. Default `any`.
    public var family: FamilyPreference
    /// Average round-trip time in seconds above which the result is degraded.
    public var degradedLatency: Double?
    /// Loss in percent above which the result is degraded (0 to 100).
    public var degradedLoss: Double?

    /// Creates options.
    public init(count: Int = 3, interval: Double = 0.2, timeout: Double = 1, payloadSize: Int = 56, ttl: Int? = nil,
                source: String? = nil, interface: String? = nil, family: FamilyPreference = .any,
                degradedLatency: Double? = nil, degradedLoss: Double? = nil) {
        self.count = count
        self.interval = interval
        self.timeout = timeout
        self.payloadSize = payloadSize
        self.ttl = ttl
        self.source = source
        self.interface = interface
        self.family = family
        self.degradedLatency = degradedLatency
        self.degradedLoss = degradedLoss
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 3
        interval = try container.decodeIfPresent(Double.self, forKey: .interval) ?? 0.2
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout) ?? 1
        payloadSize = try container.decodeIfPresent(Int.self, forKey: .payloadSize) ?? 56
        ttl = try container.decodeIfPresent(Int.self, forKey: .ttl)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        interface = try container.decodeIfPresent(String.self, forKey: .interface)
        family = try container.decodeIfPresent(FamilyPreference.self, forKey: .family) ?? .any
        degradedLatency = try container.decodeIfPresent(Double.self, forKey: .degradedLatency)
        degradedLoss = try container.decodeIfPresent(Double.self, forKey: .degradedLoss)
    }

    /// The smallest interval each socket mode allows.
    public static func minimumInterval(for mode: SocketMode) -> Double { mode == .raw ? 0.001 : 0.2 }

    /// Throws `ValidationError` naming the first option out of range.
    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError(field: "config.count", "must be 1 to 1000") }
        guard (0.001...60).contains(interval) else { throw ValidationError(field: "config.interval", "must be 0.001 to 60 seconds") }
        guard (0.01...60).contains(timeout) else { throw ValidationError(field: "config.timeout", "must be 0.01 to 60 seconds") }
        guard (EchoRequest.minimumPayload...65_000).contains(payloadSize) else {
            throw ValidationError(field: "config.payloadSize", "must be \(EchoRequest.minimumPayload) to 65000 bytes")
        }
        if let ttl, !(1...255).contains(ttl) { throw ValidationError(field: "config.ttl", "must be 1 to 255") }
        try SourceOptions.validate(source: source, interface: interface)
        if let degradedLatency, !(degradedLatency > 0 && degradedLatency <= 60) {
            throw ValidationError(field: "config.degradedLatency", "must be more than 0 and at most 60 seconds")
        }
        if let degradedLoss, !(0...100).contains(degradedLoss) {
            throw ValidationError(field: "config.degradedLoss", "must be 0 to 100 percent")
        }
    }
}
