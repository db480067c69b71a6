import Logging

/// What every monitor job of one scheduler shares: held once by reference, not once per
/// monitor (a logger, a repository and the metrics cost about 100 bytes in each of a
/// million jobs).
final class MonitorJobContext: Sendable {
    /// Reads the last stored result of a monitor taken over or not seen by the start-up load.
    let results: (any ResultRepository)?
    /// The scheduler's metrics.
    let metrics: SchedulerMetrics
    /// The scheduler's logger; each run adds the monitor's id.
    let logger: Logger
    /// Where each check's result goes for `/metrics`.
    let latest: LatestResults
    /// The maintenance windows that mark results.
    let maintenance: MaintenanceCalendar
    /// Whether a monitor that also runs on agents keeps the servers' state as its `server`
    /// location's (`Monitor.serverIsOneOfItsLocations`) rather than as its own: a server
    /// whose host follows location states (the agents feature) sets it.
    let serverIsALocation: Bool

    init(results: (any ResultRepository)?, metrics: SchedulerMetrics, logger: Logger, latest: LatestResults,
         maintenance: MaintenanceCalendar, serverIsALocation: Bool = false) {
        self.maintenance = maintenance
        self.serverIsALocation = serverIsALocation
        self.results = results
        self.metrics = metrics
        self.logger = logger
        self.latest = latest
    }
}
