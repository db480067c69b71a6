/// The last result of one monitor the scheduler runs, as `/metrics` exports it
/// (`Scheduler.latestResults(limit:)`): who the monitor is and the numbers of its last check,
/// without the probe's details.
public struct LatestResult: Sendable {
    /// The owning tenant.
    public let tenantID: TenantID
    /// The monitor.
    public let monitorID: MonitorID
    /// The monitor's name when it ran.
    public let name: String
    /// Its probe kind.
    public let kind: String
    /// Up, degraded or down.
    public let status: ProbeStatus
    /// The headline measurement in seconds, if any.
    public let latency: Double?
    /// The named measurements of the check (`ProbeResult.metrics`).
    public let metrics: [String: Double]

    /// The entry for `monitor`'s `result`.
    public init(monitor: Monitor, result: ProbeResult) {
        tenantID = monitor.tenantID
        monitorID = monitor.id
        name = monitor.name
        kind = monitor.kind
        status = result.status
        latency = result.latency
        metrics = result.metrics
    }
}
