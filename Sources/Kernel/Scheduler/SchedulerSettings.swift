/// Settings of the scheduler, from the `scheduler` section of `Plugins.json`.
public struct SchedulerSettings: Codable, Sendable, Hashable {
    /// Checks running at once across all monitors. Default 512.
    public var maxConcurrentChecks: Int
    /// Random spread of each run around its due time, as a fraction of the interval
    /// (0.05 = ±2.5 %). New monitors first run within `jitter × interval`. Default 0.05.
    public var jitter: Double
    /// Milliseconds between batched writes of results. Default 200.
    public var flushIntervalMilliseconds: Int
    /// The shortest sleep of the scheduling loop, in milliseconds: runs that fall due within
    /// one tick start together, at most this late, rather than one timer wake-up each. At
    /// 500 checks/s, 50 ms halves the CPU per check against 1 ms. Default 50.
    public var tickMilliseconds: Int
    /// With a store shared by several servers (PostgreSQL): the longest a killed server's
    /// monitors wait before another server takes them over, in seconds. Leases last three
    /// quarters of it and are renewed every quarter. Default 30.
    public var leaseSeconds: Double
    /// On shutdown, the longest the scheduler waits for runs in flight to finish so that their
    /// results are written before the last flush and before leases are released, in seconds;
    /// a run still going then is abandoned and records nothing. Default 10.
    public var shutdownGraceSeconds: Double
    /// The largest the result spool (`result-spool.sqlite` in the data directory, where
    /// results wait while the store is unreachable) may grow, in megabytes; past it the
    /// oldest results are dropped and counted. 0 keeps them in memory only (500,000 at most,
    /// lost on a kill). Default 1024.
    public var spoolMaxMegabytes: Int
    /// The oldest a spooled result may get, in hours, before it is dropped and counted.
    /// Default 168 (a week).
    public var spoolMaxAgeHours: Double

    /// Creates settings; every parameter has the documented default.
    public init(maxConcurrentChecks: Int = 512, jitter: Double = 0.05, flushIntervalMilliseconds: Int = 200, tickMilliseconds: Int = 50,
                leaseSeconds: Double = 30, shutdownGraceSeconds: Double = 10, spoolMaxMegabytes: Int = 1024,
                spoolMaxAgeHours: Double = 168) {
        self.maxConcurrentChecks = maxConcurrentChecks
        self.jitter = jitter
        self.flushIntervalMilliseconds = flushIntervalMilliseconds
        self.tickMilliseconds = tickMilliseconds
        self.leaseSeconds = leaseSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.spoolMaxMegabytes = spoolMaxMegabytes
        self.spoolMaxAgeHours = spoolMaxAgeHours
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SchedulerSettings()
        maxConcurrentChecks = try container.decodeIfPresent(Int.self, forKey: .maxConcurrentChecks) ?? defaults.maxConcurrentChecks
        jitter = try container.decodeIfPresent(Double.self, forKey: .jitter) ?? defaults.jitter
        flushIntervalMilliseconds = try container.decodeIfPresent(Int.self, forKey: .flushIntervalMilliseconds) ?? defaults.flushIntervalMilliseconds
        tickMilliseconds = try container.decodeIfPresent(Int.self, forKey: .tickMilliseconds) ?? defaults.tickMilliseconds
        leaseSeconds = try container.decodeIfPresent(Double.self, forKey: .leaseSeconds) ?? defaults.leaseSeconds
        shutdownGraceSeconds = try container.decodeIfPresent(Double.self, forKey: .shutdownGraceSeconds) ?? defaults.shutdownGraceSeconds
        spoolMaxMegabytes = try container.decodeIfPresent(Int.self, forKey: .spoolMaxMegabytes) ?? defaults.spoolMaxMegabytes
        spoolMaxAgeHours = try container.decodeIfPresent(Double.self, forKey: .spoolMaxAgeHours) ?? defaults.spoolMaxAgeHours
        var issues: [FieldIssue] = []
        if !(1...100_000).contains(maxConcurrentChecks) { issues.append(.init(field: "maxConcurrentChecks", message: "must be 1 to 100000")) }
        if !(0...0.5).contains(jitter) { issues.append(.init(field: "jitter", message: "must be 0 to 0.5")) }
        if !(10...60_000).contains(flushIntervalMilliseconds) { issues.append(.init(field: "flushIntervalMilliseconds", message: "must be 10 to 60000")) }
        if !(1...1000).contains(tickMilliseconds) { issues.append(.init(field: "tickMilliseconds", message: "must be 1 to 1000")) }
        if !(2...3600).contains(leaseSeconds) { issues.append(.init(field: "leaseSeconds", message: "must be 2 to 3600")) }
        if !(0...600).contains(shutdownGraceSeconds) { issues.append(.init(field: "shutdownGraceSeconds", message: "must be 0 to 600")) }
        if !(0...1_048_576).contains(spoolMaxMegabytes) { issues.append(.init(field: "spoolMaxMegabytes", message: "must be 0 to 1048576")) }
        if !(0.01...87_600).contains(spoolMaxAgeHours) { issues.append(.init(field: "spoolMaxAgeHours", message: "must be 0.01 to 87600")) }
        if let first = issues.first {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [AnyCodingKey(first.field)], debugDescription: first.message))
        }
    }
}
