import Foundation
import Kernel
import Testing

@Suite("MonitorStateMachine")
struct MonitorStateMachineTests {
    let failure = ProbeFailure(code: "refused", message: "refused")

    func run(_ statuses: [ProbeStatus], failureThreshold: Int = 1, recoveryThreshold: Int = 1,
             from state: MonitorState = .initial) -> (MonitorState, [MonitorStatus]) {
        var state = state
        var changes: [MonitorStatus] = []
        for (index, status) in statuses.enumerated() {
            let result = ProbeResult(status: status, failure: status == .up ? nil : failure)
            if let change = MonitorStateMachine.apply(result, at: Date(timeIntervalSince1970: Double(index)), to: &state,
                                                      failureThreshold: failureThreshold, recoveryThreshold: recoveryThreshold) {
                changes.append(change.to)
            }
        }
        return (state, changes)
    }

    @Test func aFirstSuccessDecidesAtOnce() {
        #expect(run([.up]).1 == [.up])
        #expect(run([.degraded]).1 == [.degraded])
    }

    @Test func goesDownOnlyAfterNConsecutiveFailures() {
        let (state, changes) = run([.up, .down, .down, .up, .down, .down, .down], failureThreshold: 3)
        #expect(changes == [.up, .down])
        #expect(state.consecutiveFailures == 3)
        #expect(state.lastFailure == failure)
        #expect(state.lastChangedAt == Date(timeIntervalSince1970: 6))
    }

    @Test func staysPendingUntilTheThresholdIsReached() {
        #expect(run([.down, .down], failureThreshold: 3).0.status == .pending)
        #expect(run([.down, .down, .down], failureThreshold: 3).1 == [.down])
    }

    @Test func comesBackOnlyAfterMConsecutiveSuccesses() {
        let (_, changes) = run([.down, .up, .down, .up, .up], recoveryThreshold: 2)
        #expect(changes == [.down, .up])
    }

    @Test func degradedAndUpSwitchAtOnce() {
        #expect(run([.up, .degraded, .up]).1 == [.up, .degraded, .up])
    }
}
