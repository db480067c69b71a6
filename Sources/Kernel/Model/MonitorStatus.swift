/// The state of a monitor, derived from its recent results by the scheduler.
public enum MonitorStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// No decision yet: no result, or fewer failures than the monitor's failure threshold.
    case pending
    /// The latest results are up.
    case up
    /// The latest result is degraded.
    case degraded
    /// At least `failureThreshold` consecutive results were down.
    case down
    /// The monitor is paused and not scheduled.
    case paused
}
