import CoreMetrics

/// The monitor scheduler's metrics, created once from an injected factory (no global state);
/// a class, so that each scheduled monitor holds a reference rather than a copy.
final class SchedulerMetrics: Sendable {
    let checks: [ProbeStatus: Counter]
    let timeouts: Counter
    let engine: EngineMetrics

    init(factory: any MetricsFactory) {
        var checks: [ProbeStatus: Counter] = [:]
        for status in ProbeStatus.allCases {
            checks[status] = Counter(label: "vantage_checks_total", dimensions: [("status", status.rawValue)], factory: factory)
        }
        self.checks = checks
        timeouts = Counter(label: "vantage_check_timeouts_total", factory: factory)
        engine = EngineMetrics(factory: factory, lag: "vantage_scheduler_lag_seconds", skipped: "vantage_checks_skipped_total",
                               scheduled: "vantage_monitors_scheduled", leased: "vantage_monitors_leased",
                               inFlight: "vantage_checks_in_flight")
    }
}
