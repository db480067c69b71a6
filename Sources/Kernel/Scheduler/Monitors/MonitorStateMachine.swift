import Foundation

/// The rules that turn results into a monitor status.
///
/// - A down result adds to the failure streak; when the streak reaches `failureThreshold`,
///   an up, degraded or pending monitor goes down.
/// - An up or degraded result adds to the success streak; a down monitor comes back once
///   the streak reaches `recoveryThreshold`. A pending monitor takes the result's status at
///   once, and an up monitor that answers degraded (or back) changes at once.
public enum MonitorStateMachine {
    /// Applies one result to `state`; returns the change of status, if any.
    public static func apply(
        _ result: ProbeResult, at time: Date, to state: inout MonitorState,
        failureThreshold: Int, recoveryThreshold: Int
    ) -> (from: MonitorStatus, to: MonitorStatus)? {
        let before = state.status
        state.lastCheckedAt = time
        switch result.status {
        case .down:
            state.consecutiveFailures += 1
            state.consecutiveSuccesses = 0
            state.lastFailure = result.failure
            if before != .down, state.consecutiveFailures >= max(failureThreshold, 1) {
                state.status = .down
            }
        case .up, .degraded:
            state.consecutiveSuccesses += 1
            state.consecutiveFailures = 0
            let reached: MonitorStatus = result.status == .up ? .up : .degraded
            if result.status == .degraded { state.lastFailure = result.failure }
            switch before {
            case .down:
                if state.consecutiveSuccesses >= max(recoveryThreshold, 1) { state.status = reached }
            case .pending, .up, .degraded, .paused:
                state.status = reached
            }
        }
        guard state.status != before else { return nil }
        state.lastChangedAt = time
        return (before, state.status)
    }
}
