import Foundation

/// A check that the scheduler runs every `interval` seconds against one target.
public struct Monitor: Sendable, Codable, Hashable, Identifiable {
    /// Identifier, unique within the store.
    public var id: MonitorID
    /// The tenant that owns the monitor.
    public var tenantID: TenantID
    /// A name for people.
    public var name: String
    /// The probe kind that runs it: the name of an enabled probe plugin instance (`tcp`).
    public var kind: String
    /// What to probe, in the probe's syntax (`host:port` for tcp).
    public var target: String
    /// Seconds between runs.
    public var interval: Double
    /// Seconds a run may take before it counts as down with reason `timeout`.
    public var timeout: Double
    /// Probe-specific options, validated by the probe when the monitor is created or changed.
    public var config: JSONValue
    /// A paused monitor keeps its history but is not scheduled.
    public var paused: Bool
    /// Consecutive down results before the monitor goes from up (or pending) to down.
    public var failureThreshold: Int
    /// Consecutive up results before the monitor goes from down to up.
    public var recoveryThreshold: Int
    /// Labels for choosing monitors together (`prod`, `team:payments`): alert rules and
    /// maintenance windows may cover every monitor carrying one of their tags.
    public var tags: [String]
    /// Where it runs: `server` (this server), agent ids and agent labels
    /// (`MonitorLocations`). Default `["server"]`.
    public var locations: [String]
    /// With several agent locations: the monitor is down when at least this many of them
    /// are down; nil: more than half of them (with one location, that one).
    public var locationQuorum: Int?
    /// When the monitor was created.
    public var createdAt: Date
    /// When the monitor was last changed.
    public var updatedAt: Date

    /// Creates a monitor.
    public init(
        id: MonitorID = .random(), tenantID: TenantID, name: String, kind: String, target: String,
        interval: Double, timeout: Double, config: JSONValue = .emptyObject, paused: Bool = false,
        failureThreshold: Int = 1, recoveryThreshold: Int = 1, tags: [String] = [],
        locations: [String] = [MonitorLocations.server], locationQuorum: Int? = nil, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.locationQuorum = locationQuorum
        self.tags = tags
        self.locations = locations
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.kind = kind
        self.target = target
        self.interval = interval
        self.timeout = timeout
        self.config = config
        self.paused = paused
        self.failureThreshold = failureThreshold
        self.recoveryThreshold = recoveryThreshold
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Monitor {
    private enum CodingKeys: String, CodingKey {
        case id, tenantID, name, kind, target, interval, timeout, config, paused, failureThreshold, recoveryThreshold, tags, locations, locationQuorum, createdAt, updatedAt
    }

    /// Decodes a monitor; `tags` and `locations` may be absent (monitors written before they
    /// existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(MonitorID.self, forKey: .id), tenantID: try container.decode(TenantID.self, forKey: .tenantID),
                  name: try container.decode(String.self, forKey: .name), kind: try container.decode(String.self, forKey: .kind),
                  target: try container.decode(String.self, forKey: .target), interval: try container.decode(Double.self, forKey: .interval),
                  timeout: try container.decode(Double.self, forKey: .timeout), config: try container.decode(JSONValue.self, forKey: .config),
                  paused: try container.decode(Bool.self, forKey: .paused),
                  failureThreshold: try container.decode(Int.self, forKey: .failureThreshold),
                  recoveryThreshold: try container.decode(Int.self, forKey: .recoveryThreshold),
                  tags: try container.decodeIfPresent([String].self, forKey: .tags) ?? [],
                  locations: try container.decodeIfPresent([String].self, forKey: .locations) ?? [MonitorLocations.server],
                  locationQuorum: try container.decodeIfPresent(Int.self, forKey: .locationQuorum),
                  createdAt: try container.decode(Date.self, forKey: .createdAt), updatedAt: try container.decode(Date.self, forKey: .updatedAt))
    }
}
