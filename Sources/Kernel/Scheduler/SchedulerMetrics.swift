import CoreMetrics

/// The scheduler's metrics, created once from an injected factory (no global state).
struct SchedulerMetrics: Sendable {
    let checks: [ProbeStatus: Counter]
    let timeouts: Counter
    let skipped: Counter
    let lag: Timer
    let scheduled: Gauge
    let leased: Gauge

    init(factory: any MetricsFactory) {
        var checks: [ProbeStatus: Counter] = [:]
        for status in ProbeStatus.allCases {
            checks[status] = Counter(label: "vantage_checks_total", dimensions: [("status", status.rawValue)], factory: factory)
        }
        self.checks = checks
        timeouts = Counter(label: "vantage_check_timeouts_total", factory: factory)
        skipped = Counter(label: "vantage_checks_skipped_total", factory: factory)
        lag = Timer(label: "vantage_scheduler_lag_seconds", factory: factory)
        scheduled = Gauge(label: "vantage_monitors_scheduled", factory: factory)
        leased = Gauge(label: "vantage_monitors_leased", factory: factory)
    }
}
