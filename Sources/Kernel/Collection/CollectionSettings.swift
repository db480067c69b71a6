import Foundation

/// The `collection` section of `Plugins.json`: how the server collects its SSH hosts'
/// metrics (`HostCollectionService`) and how long it keeps them.
///
/// ```json
/// "collection": {"defaultInterval": 10, "maxConcurrent": 64, "retention": {"rawDays": 1, "minuteDays": 8, "hourDays": 366}}
/// ```
public struct CollectionSettings: Codable, Sendable, Hashable {
    /// Whether this server collects its hosts. Default true. With several servers sharing one
    /// PostgreSQL store, enable it on one of them: hosts are not divided by leases (yet), and
    /// each collecting server would store every host's samples again.
    public var enabled: Bool
    /// The `collector` instance (its name in `Plugins.json`) that reads hosts; nil: the first
    /// enabled `collector.ssh`.
    public var collector: String?
    /// Seconds between two collections of a host without its own `collectionInterval`.
    /// Default 10.
    public var defaultInterval: Double
    /// Collections running at once, at most. Default 64.
    public var maxConcurrent: Int
    /// Seconds a collection may take before it is abandoned as failed (`timeout`); it is also
    /// held under each host's interval. Default 30.
    public var deadlineSeconds: Double
    /// Seconds between two rollup passes (raw samples into minutes, minutes into hours,
    /// old hours deleted). Default 300.
    public var rollupIntervalSeconds: Double
    /// How long each resolution is kept.
    public var retention: SampleRetention

    /// Creates settings with the documented defaults.
    public init(enabled: Bool = true, collector: String? = nil, defaultInterval: Double = 10, maxConcurrent: Int = 64,
                deadlineSeconds: Double = 30, rollupIntervalSeconds: Double = 300, retention: SampleRetention = SampleRetention()) {
        self.enabled = enabled
        self.collector = collector
        self.defaultInterval = defaultInterval
        self.maxConcurrent = maxConcurrent
        self.deadlineSeconds = deadlineSeconds
        self.rollupIntervalSeconds = rollupIntervalSeconds
        self.retention = retention
    }

    /// The range a host's `collectionInterval` and `defaultInterval` must lie in, in seconds.
    public static let intervalRange: ClosedRange<Double> = 1...86_400

    public init(from decoder: any Decoder) throws {
        let defaults = CollectionSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? defaults.enabled
        collector = try container.decodeIfPresent(String.self, forKey: .collector)
        defaultInterval = try container.decodeIfPresent(Double.self, forKey: .defaultInterval) ?? defaults.defaultInterval
        maxConcurrent = try container.decodeIfPresent(Int.self, forKey: .maxConcurrent) ?? defaults.maxConcurrent
        deadlineSeconds = try container.decodeIfPresent(Double.self, forKey: .deadlineSeconds) ?? defaults.deadlineSeconds
        rollupIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .rollupIntervalSeconds) ?? defaults.rollupIntervalSeconds
        retention = try container.decodeIfPresent(SampleRetention.self, forKey: .retention) ?? defaults.retention
        func refuse(_ key: CodingKeys, _ message: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        if !Self.intervalRange.contains(defaultInterval) { throw refuse(.defaultInterval, "must be 1 to 86400") }
        if !(1...10_000).contains(maxConcurrent) { throw refuse(.maxConcurrent, "must be 1 to 10000") }
        if !(1...3600).contains(deadlineSeconds) { throw refuse(.deadlineSeconds, "must be 1 to 3600") }
        if !(10...86_400).contains(rollupIntervalSeconds) { throw refuse(.rollupIntervalSeconds, "must be 10 to 86400") }
        if let collector, collector.isEmpty { throw refuse(.collector, "must name an enabled collector instance") }
    }

    /// The engine settings a collection runs under.
    var scheduler: SchedulerSettings {
        SchedulerSettings(maxConcurrentChecks: maxConcurrent, jitter: 0.05, flushIntervalMilliseconds: 200, tickMilliseconds: 50,
                          leaseSeconds: 30, shutdownGraceSeconds: 5)
    }
}
