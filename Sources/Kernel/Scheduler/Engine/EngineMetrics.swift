import CoreMetrics

/// What a `ScheduleEngine` measures, under labels its owner chooses (the monitor scheduler's
/// are `vantage_scheduler_lag_seconds`, `vantage_checks_skipped_total`, ...).
public struct EngineMetrics: Sendable {
    /// How late runs start after their due time.
    let lag: Timer
    /// Runs not started because the job's previous run was still going or leases were uncertain.
    let skipped: Counter
    /// Jobs scheduled.
    let scheduled: Gauge
    /// Jobs this server holds leases on.
    let leased: Gauge
    /// Runs started and not yet finished (those waiting for the concurrency limit included).
    let inFlight: Gauge

    /// Metrics named `lag`, `skipped`, `scheduled`, `leased` and `inFlight`, made by `factory`.
    public init(factory: any MetricsFactory, lag: String, skipped: String, scheduled: String, leased: String, inFlight: String) {
        self.lag = Timer(label: lag, factory: factory)
        self.skipped = Counter(label: skipped, factory: factory)
        self.scheduled = Gauge(label: scheduled, factory: factory)
        self.leased = Gauge(label: leased, factory: factory)
        self.inFlight = Gauge(label: inFlight, factory: factory)
    }
}

extension CoreMetrics.Timer {
    /// Records a duration given in seconds.
    func recordSeconds(_ seconds: Double) { recordNanoseconds(Int64(seconds * 1_000_000_000)) }
}
