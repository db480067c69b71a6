import Foundation

/// A `MonitorState` as each scheduled job keeps it: 48 bytes instead of about 110 (three
/// optional dates as doubles with NaN for none, the streaks as 32-bit counts, the failure
/// behind one reference). At 100,000 monitors that is about 6 MB of the engine's table.
struct CompactMonitorState: Sendable {
    private var status: MonitorStatus
    private var consecutiveFailures: Int32
    private var consecutiveSuccesses: Int32
    private var lastCheckedAt: Double
    private var lastChangedAt: Double
    private var nextRunAt: Double
    private var lastFailure: FailureBox?

    /// A failure shared by the states that hold it, so the table keeps one word for it.
    private final class FailureBox: Sendable {
        let failure: ProbeFailure
        init(_ failure: ProbeFailure) { self.failure = failure }
    }

    init(_ state: MonitorState) {
        status = .pending
        consecutiveFailures = 0
        consecutiveSuccesses = 0
        lastCheckedAt = .nan
        lastChangedAt = .nan
        nextRunAt = .nan
        store(state)
    }

    /// The state it holds.
    var state: MonitorState {
        MonitorState(status: status, consecutiveFailures: Int(consecutiveFailures), consecutiveSuccesses: Int(consecutiveSuccesses),
                     lastCheckedAt: Self.date(lastCheckedAt), lastChangedAt: Self.date(lastChangedAt), nextRunAt: Self.date(nextRunAt),
                     lastFailure: lastFailure?.failure)
    }

    /// Replaces the state, keeping the failure's box when the failure is the same.
    mutating func store(_ state: MonitorState) {
        status = state.status
        consecutiveFailures = Self.count(state.consecutiveFailures)
        consecutiveSuccesses = Self.count(state.consecutiveSuccesses)
        lastCheckedAt = Self.seconds(state.lastCheckedAt)
        lastChangedAt = Self.seconds(state.lastChangedAt)
        nextRunAt = Self.seconds(state.nextRunAt)
        if let failure = state.lastFailure {
            if lastFailure?.failure != failure { lastFailure = FailureBox(failure) }
        } else {
            lastFailure = nil
        }
    }

    /// When the next run is due.
    var nextRun: Date? {
        get { Self.date(nextRunAt) }
        set { nextRunAt = Self.seconds(newValue) }
    }

    /// When the last run started.
    var lastChecked: Date? { Self.date(lastCheckedAt) }

    // Seconds since the reference date: what `Date` stores, so the round trip is exact.
    private static func seconds(_ date: Date?) -> Double { date?.timeIntervalSinceReferenceDate ?? .nan }
    private static func date(_ seconds: Double) -> Date? { seconds.isNaN ? nil : Date(timeIntervalSinceReferenceDate: seconds) }
    /// Streaks beyond 2^31 - 1 stay there (a monitor checked every second would need 68 years).
    private static func count(_ value: Int) -> Int32 { Int32(clamping: value) }
}
