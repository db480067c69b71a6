import CoreMetrics

/// The server's result spool on `/metrics`: what waits in it, and what went in and came out.
public struct ResultSpoolMetrics: Sendable {
    /// Results (and state entries) waiting in the spool.
    let depth: Gauge
    /// Results moved to the spool because the store failed.
    let spooled: Counter
    /// Results written from the spool to the store.
    let replayed: Counter

    /// Creates the metrics from an injected factory.
    public init(factory: any MetricsFactory) {
        depth = Gauge(label: "vantage_result_spool_depth", factory: factory)
        spooled = Counter(label: "vantage_results_spooled_total", factory: factory)
        replayed = Counter(label: "vantage_results_replayed_total", factory: factory)
    }
}
