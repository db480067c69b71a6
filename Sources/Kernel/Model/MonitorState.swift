import Foundation

/// The scheduler's memory of a monitor: its status, streaks and schedule. Persisted by the
/// store so that state and schedule survive a restart.
public struct MonitorState: Sendable, Codable, Hashable {
    /// The current status.
    public var status: MonitorStatus
    /// Down results in a row.
    public var consecutiveFailures: Int
    /// Up or degraded results in a row.
    public var consecutiveSuccesses: Int
    /// When the last run started.
    public var lastCheckedAt: Date?
    /// When the status last changed.
    public var lastChangedAt: Date?
    /// When the next run is due.
    public var nextRunAt: Date?
    /// The reason of the last down or degraded result.
    public var lastFailure: ProbeFailure?

    /// Creates a state.
    public init(
        status: MonitorStatus = .pending, consecutiveFailures: Int = 0, consecutiveSuccesses: Int = 0,
        lastCheckedAt: Date? = nil, lastChangedAt: Date? = nil, nextRunAt: Date? = nil,
        lastFailure: ProbeFailure? = nil
    ) {
        self.status = status
        self.consecutiveFailures = consecutiveFailures
        self.consecutiveSuccesses = consecutiveSuccesses
        self.lastCheckedAt = lastCheckedAt
        self.lastChangedAt = lastChangedAt
        self.nextRunAt = nextRunAt
        self.lastFailure = lastFailure
    }

    /// The state of a monitor that has never run.
    public static let initial = MonitorState()
}

/// A state to persist for one monitor, as the scheduler hands it to the store in batches.
public struct MonitorStateUpdate: Sendable, Codable, Hashable {
    /// The owning tenant.
    public var tenantID: TenantID
    /// The monitor.
    public var monitorID: MonitorID
    /// Its new state.
    public var state: MonitorState

    /// Creates an update.
    public init(tenantID: TenantID, monitorID: MonitorID, state: MonitorState) {
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.state = state
    }
}
