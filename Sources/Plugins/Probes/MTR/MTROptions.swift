import Kernel
import PacketSupport

/// Per-monitor options of `probe.mtr`.
public struct MTROptions: Codable, Sendable, Hashable {
    /// `icmp` (default; works unprivileged), `udp` or `tcp`.
    public var method: TraceMethod
    /// Address family for names. Default `any`.
    public var family: FamilyPreference
    /// Rounds (mtr's `-c`), 1 to 1000. Default 10.
    public var count: Int
    /// Seconds between rounds (mtr's `-i`). Default 1; at least 0.001 on raw sockets and 1
    /// on unprivileged datagram sockets.
    public var interval: Double
    /// Last TTL probed, 1 to 64. Default 30.
    public var maxHops: Int
    /// Longest wait for an answer within a round, in seconds, 0.01 to 10. Default 1.
    public var wait: Double
    /// Destination port for udp (default 33434) and tcp (default 80).
    public var port: Int?
    /// Payload bytes per probe, 10 to 1400. Default 36 (64-byte ICMP packets, as mtr).
    public var payloadSize: Int
    /// Look up the reverse DNS name of every hop. Default false.
    public var resolveNames: Bool
    /// Source address. Default: chosen by the routing table.
    public var source: String?
    /// Outgoing interface name. Default: chosen by the routing table.
    public var interface: String?
    /// Loss at the destination in percent above which the result is degraded.
    public var degradedLoss: Double?
    /// Average round trip to the destination in seconds above which the result is degraded.
    public var degradedLatency: Double?

    /// Creates options.
    public init(method: TraceMethod = .icmp, family: FamilyPreference = .any, count: Int = 10, interval: Double = 1,
                maxHops: Int = 30, wait: Double = 1, port: Int? = nil, payloadSize: Int = 36, resolveNames: Bool = false,
                source: String? = nil, interface: String? = nil, degradedLoss: Double? = nil, degradedLatency: Double? = nil) {
        self.method = method
        self.family = family
        self.count = count
        self.interval = interval
        self.maxHops = maxHops
        self.wait = wait
        self.port = port
        self.payloadSize = payloadSize
        self.resolveNames = resolveNames
        self.source = source
        self.interface = interface
        self.degradedLoss = degradedLoss
        self.degradedLatency = degradedLatency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MTROptions()
        method = try container.decodeIfPresent(TraceMethod.self, forKey: .method) ?? defaults.method
        family = try container.decodeIfPresent(FamilyPreference.self, forKey: .family) ?? defaults.family
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? defaults.count
        interval = try container.decodeIfPresent(Double.self, forKey: .interval) ?? defaults.interval
        maxHops = try container.decodeIfPresent(Int.self, forKey: .maxHops) ?? defaults.maxHops
        wait = try container.decodeIfPresent(Double.self, forKey: .wait) ?? defaults.wait
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        payloadSize = try container.decodeIfPresent(Int.self, forKey: .payloadSize) ?? defaults.payloadSize
        resolveNames = try container.decodeIfPresent(Bool.self, forKey: .resolveNames) ?? defaults.resolveNames
        source = try container.decodeIfPresent(String.self, forKey: .source)
        interface = try container.decodeIfPresent(String.self, forKey: .interface)
        degradedLoss = try container.decodeIfPresent(Double.self, forKey: .degradedLoss)
        degradedLatency = try container.decodeIfPresent(Double.self, forKey: .degradedLatency)
    }

    /// The smallest round interval each socket mode allows.
    public static func minimumInterval(for mode: SocketMode) -> Double { mode == .raw ? 0.001 : 1 }

    /// Throws `ValidationError` naming the first option out of range.
    public func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError(field: "config.count", "must be 1 to 1000") }
        guard (0.001...60).contains(interval) else { throw ValidationError(field: "config.interval", "must be 0.001 to 60 seconds") }
        guard (1...64).contains(maxHops) else { throw ValidationError(field: "config.maxHops", "must be 1 to 64") }
        guard (0.01...10).contains(wait) else { throw ValidationError(field: "config.wait", "must be 0.01 to 10 seconds") }
        if let port, !(1...65_535).contains(port) { throw ValidationError(field: "config.port", "must be 1 to 65535") }
        guard (EchoRequest.minimumPayload...1400).contains(payloadSize) else {
            throw ValidationError(field: "config.payloadSize", "must be \(EchoRequest.minimumPayload) to 1400 bytes")
        }
        try SourceOptions.validate(source: source, interface: interface)
        if let degradedLoss, !(0...100).contains(degradedLoss) { throw ValidationError(field: "config.degradedLoss", "must be 0 to 100 percent") }
        if let degradedLatency, !(degradedLatency > 0 && degradedLatency <= 60) {
            throw ValidationError(field: "config.degradedLatency", "must be more than 0 and at most 60 seconds")
        }
    }
}
