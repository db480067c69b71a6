import Kernel
import PacketSupport

/// Per-monitor options of `probe.traceroute`.
public struct TracerouteOptions: Codable, Sendable, Hashable {
    /// `icmp` (default; works unprivileged), `udp` or `tcp` (need raw sockets).
    public var method: TraceMethod
    /// Address family for names. Default `any`.
    public var family: FamilyPreference
    /// First TTL probed, 1 to `maxHops`. Default 1.
    public var firstTTL: Int
    /// Last TTL probed, 1 to 64. Default 30.
    public var maxHops: Int
    /// Probes per hop, 1 to 10. Default 3.
    public var probesPerHop: Int
    /// Longest wait for an answer in seconds, 0.01 to 10. Default 2.
    public var wait: Double
    /// Destination port for udp (default 33434) and tcp (default 80).
    public var port: Int?
    /// Probes in flight at once, 1 to 255. Default 16.
    public var parallel: Int
    /// Payload bytes per probe, 10 to 1400 (UDP adds one byte per probe index). Default 32.
    public var payloadSize: Int
    /// Look up the reverse DNS name of every hop. Default false.
    public var resolveNames: Bool
    /// Source address. Default: chosen by the routing table.
    public var source: String?
    /// Outgoing interface name. Default: chosen by the routing table.
    public var interface: String?

    /// Creates options.
    public init(method: TraceMethod = .icmp, family: FamilyPreference = .any, firstTTL: Int = 1, maxHops: Int = 30,
                probesPerHop: Int = 3, wait: Double = 2, port: Int? = nil, parallel: Int = 16, payloadSize: Int = 32,
                resolveNames: Bool = false, source: String? = nil, interface: String? = nil) {
        self.method = method
        self.family = family
        self.firstTTL = firstTTL
        self.maxHops = maxHops
        self.probesPerHop = probesPerHop
        self.wait = wait
        self.port = port
        self.parallel = parallel
        self.payloadSize = payloadSize
        self.resolveNames = resolveNames
        self.source = source
        self.interface = interface
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TracerouteOptions()
        method = try container.decodeIfPresent(TraceMethod.self, forKey: .method) ?? defaults.method
        family = try container.decodeIfPresent(FamilyPreference.self, forKey: .family) ?? defaults.family
        firstTTL = try container.decodeIfPresent(Int.self, forKey: .firstTTL) ?? defaults.firstTTL
        maxHops = try container.decodeIfPresent(Int.self, forKey: .maxHops) ?? defaults.maxHops
        probesPerHop = try container.decodeIfPresent(Int.self, forKey: .probesPerHop) ?? defaults.probesPerHop
        wait = try container.decodeIfPresent(Double.self, forKey: .wait) ?? defaults.wait
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        parallel = try container.decodeIfPresent(Int.self, forKey: .parallel) ?? defaults.parallel
        payloadSize = try container.decodeIfPresent(Int.self, forKey: .payloadSize) ?? defaults.payloadSize
        resolveNames = try container.decodeIfPresent(Bool.self, forKey: .resolveNames) ?? defaults.resolveNames
        source = try container.decodeIfPresent(String.self, forKey: .source)
        interface = try container.decodeIfPresent(String.self, forKey: .interface)
    }

    /// Throws `ValidationError` naming the first option out of range.
    public func validate() throws {
        guard (1...64).contains(maxHops) else { throw ValidationError(field: "config.maxHops", "must be 1 to 64") }
        guard (1...maxHops).contains(firstTTL) else { throw ValidationError(field: "config.firstTTL", "must be 1 to maxHops (\(maxHops))") }
        guard (1...10).contains(probesPerHop) else { throw ValidationError(field: "config.probesPerHop", "must be 1 to 10") }
        guard (0.01...10).contains(wait) else { throw ValidationError(field: "config.wait", "must be 0.01 to 10 seconds") }
        if let port, !(1...65_535).contains(port) { throw ValidationError(field: "config.port", "must be 1 to 65535") }
        guard (1...255).contains(parallel) else { throw ValidationError(field: "config.parallel", "must be 1 to 255") }
        guard (EchoRequest.minimumPayload...1400).contains(payloadSize) else {
            throw ValidationError(field: "config.payloadSize", "must be \(EchoRequest.minimumPayload) to 1400 bytes")
        }
        try SourceOptions.validate(source: source, interface: interface)
    }

    /// The trace settings for a resolved destination.
    public func settings(destination: IPAddress, sendOptions: SendOptions) -> TraceSettings {
        TraceSettings(method: method, destination: destination, port: port.map { UInt16($0) }, firstTTL: firstTTL, maxHops: maxHops,
                      probesPerHop: probesPerHop, wait: wait, parallel: parallel, payloadSize: payloadSize, sendOptions: sendOptions)
    }
}
