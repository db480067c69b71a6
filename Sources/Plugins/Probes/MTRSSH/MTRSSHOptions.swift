import Kernel

/// Per-monitor options of `probe.mtr_ssh`: which host runs mtr, and mtr's own settings.
public struct MTRSSHOptions: Codable, Sendable, Hashable {
    /// The probe packets mtr sends.
    public enum Method: String, Codable, Sendable, Hashable, CaseIterable {
        /// ICMP echo requests (mtr's default).
        case icmp
        /// UDP datagrams (`-u`).
        case udp
        /// TCP SYN segments (`-T`).
        case tcp
    }

    /// The address family mtr uses for a name.
    public enum Family: String, Codable, Sendable, Hashable, CaseIterable {
        /// Whatever the name resolves to first.
        case any
        /// IPv4 only (`-4`).
        case ipv4
        /// IPv6 only (`-6`).
        case ipv6
    }

    /// The id of the host (`/api/v1/hosts`) that runs mtr, in the monitor's tenant. Required.
    public var host: String
    /// `icmp` (default), `udp` or `tcp`.
    public var method: Method
    /// Address family for names. Default `any`.
    public var family: Family
    /// Rounds (mtr's `-c`), 1 to 100. Default 10.
    public var count: Int
    /// Seconds between rounds (`-i`), 1 to 60 (mtr allows less only to root). Default 1.
    public var interval: Double
    /// Last TTL probed (`-m`), 1 to 64. Default 30.
    public var maxHops: Int
    /// Seconds mtr waits for answers after the last round (`-G`), 0.1 to 30. Default 2.
    public var wait: Double
    /// Destination port for udp and tcp (`-P`).
    public var port: Int?
    /// Look up hop names on the remote host (without it, `-n`). Default false.
    public var resolveNames: Bool
    /// Loss at the destination in percent above which the result is degraded.
    public var degradedLoss: Double?
    /// Average round trip to the destination in seconds above which the result is degraded.
    public var degradedLatency: Double?

    /// Creates options.
    public init(host: String, method: Method = .icmp, family: Family = .any, count: Int = 10, interval: Double = 1, maxHops: Int = 30,
                wait: Double = 2, port: Int? = nil, resolveNames: Bool = false, degradedLoss: Double? = nil, degradedLatency: Double? = nil) {
        self.host = host
        self.method = method
        self.family = family
        self.count = count
        self.interval = interval
        self.maxHops = maxHops
        self.wait = wait
        self.port = port
        self.resolveNames = resolveNames
        self.degradedLoss = degradedLoss
        self.degradedLatency = degradedLatency
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MTRSSHOptions(host: "")
        host = try container.decode(String.self, forKey: .host)
        method = try container.decodeIfPresent(Method.self, forKey: .method) ?? defaults.method
        family = try container.decodeIfPresent(Family.self, forKey: .family) ?? defaults.family
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? defaults.count
        interval = try container.decodeIfPresent(Double.self, forKey: .interval) ?? defaults.interval
        maxHops = try container.decodeIfPresent(Int.self, forKey: .maxHops) ?? defaults.maxHops
        wait = try container.decodeIfPresent(Double.self, forKey: .wait) ?? defaults.wait
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        resolveNames = try container.decodeIfPresent(Bool.self, forKey: .resolveNames) ?? defaults.resolveNames
        degradedLoss = try container.decodeIfPresent(Double.self, forKey: .degradedLoss)
        degradedLatency = try container.decodeIfPresent(Double.self, forKey: .degradedLatency)
    }

    /// The host's id, or nil when `host` is not one.
    public var hostID: RemoteHostID? { RemoteHostID(host) }

    /// Throws `ValidationError` naming the first option out of range.
    public func validate() throws {
        guard hostID != nil else { throw ValidationError(field: "config.host", "must be the id of a host (GET /api/v1/hosts)") }
        guard (1...100).contains(count) else { throw ValidationError(field: "config.count", "must be 1 to 100") }
        guard (1...60).contains(interval) else { throw ValidationError(field: "config.interval", "must be 1 to 60 seconds (mtr allows less only to root)") }
        guard (1...64).contains(maxHops) else { throw ValidationError(field: "config.maxHops", "must be 1 to 64") }
        guard (0.1...30).contains(wait) else { throw ValidationError(field: "config.wait", "must be 0.1 to 30 seconds") }
        if let port {
            guard (1...65_535).contains(port) else { throw ValidationError(field: "config.port", "must be 1 to 65535") }
            guard method != .icmp else { throw ValidationError(field: "config.port", "applies to the udp and tcp methods only") }
        }
        if let degradedLoss, !(0...100).contains(degradedLoss) { throw ValidationError(field: "config.degradedLoss", "must be 0 to 100 percent") }
        if let degradedLatency, !(degradedLatency > 0 && degradedLatency <= 60) {
            throw ValidationError(field: "config.degradedLatency", "must be more than 0 and at most 60 seconds")
        }
    }

    /// The least time a run takes: every round, then the wait for late answers.
    public var minimumDuration: Double { Double(count - 1) * interval + wait }
}
