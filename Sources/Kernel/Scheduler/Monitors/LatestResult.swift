/// The last result of one monitor the scheduler runs (`Scheduler.latestResults()`).
public struct LatestResult: Sendable {
    /// The monitor as scheduled.
    public let monitor: Monitor
    /// Its last result.
    public let result: ProbeResult

    /// Creates a pair.
    public init(monitor: Monitor, result: ProbeResult) {
        self.monitor = monitor
        self.result = result
    }
}
