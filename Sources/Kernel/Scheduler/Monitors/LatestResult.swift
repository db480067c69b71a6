/// The last result of one monitor the scheduler runs, as `/metrics` exports it
/// (`Scheduler.latestResults(limit:)`): who the monitor is and the numbers of its last check,
/// without the probe's details.
///
/// Compact, because a server keeps one per monitor: the monitor's labels are shared with its
/// job, and the measurements are kept by their place in the probe's declared metrics.
public struct LatestResult: Sendable {
    /// Who the monitor is, shared by every result of the monitor's definition. A job's
    /// `MonitorDefinition` is one, so a monitor costs one object, not two. Immutable
    /// (`let`s only), and open to that one subclass, hence `@unchecked`.
    class Labels: @unchecked Sendable {
        /// The monitor as scheduled.
        let monitor: Monitor
        /// The names `values` follow: the probe's declared metrics.
        let metricNames: [String]

        init(_ monitor: Monitor, metricNames: [String]) {
            self.monitor = monitor
            self.metricNames = metricNames
        }
    }

    // In this order the value is 32 bytes, not 40 (the optional's tag and the status share
    // a word).
    let labels: Labels
    /// The headline measurement in seconds, if any.
    public let latency: Double?
    /// Up, degraded or down.
    public let status: ProbeStatus
    /// The result's value of each of `labels.metricNames`; NaN where it had none.
    let values: [Double]

    init(labels: Labels, result: ProbeResult) {
        self.labels = labels
        status = result.status
        latency = result.latency
        values = result.metrics.isEmpty ? [] : labels.metricNames.map { result.metrics[$0] ?? .nan }
    }

    /// The entry for `monitor`'s `result`, keeping every metric of the result.
    public init(monitor: Monitor, result: ProbeResult) {
        self.init(labels: Labels(monitor, metricNames: result.metrics.keys.sorted()), result: result)
    }

    /// The owning tenant.
    public var tenantID: TenantID { labels.monitor.tenantID }
    /// The monitor.
    public var monitorID: MonitorID { labels.monitor.id }
    /// The monitor's name when it ran.
    public var name: String { labels.monitor.name }
    /// Its probe kind.
    public var kind: String { labels.monitor.kind }
    /// The value of one measurement, if the check had it.
    public func metric(_ name: String) -> Double? {
        guard let index = labels.metricNames.firstIndex(of: name), index < values.count, !values[index].isNaN else { return nil }
        return values[index]
    }
}
