import Foundation
@testable import Kernel
import Testing

/// The engine keeps each monitor's state compactly; what it gives back is the state it was given.
@Suite("compact monitor state")
struct CompactMonitorStateTests {
    static let states: [MonitorState] = [
        .initial,
        MonitorState(status: .up, consecutiveFailures: 0, consecutiveSuccesses: 12, lastCheckedAt: Date(timeIntervalSince1970: 1_764_780_001.123456),
                     lastChangedAt: Date(timeIntervalSinceReferenceDate: 0.1), nextRunAt: Date(timeIntervalSince1970: 1_764_780_061.987654)),
        MonitorState(status: .down, consecutiveFailures: 3, consecutiveSuccesses: 0, lastCheckedAt: Date(), lastChangedAt: nil, nextRunAt: nil,
                     lastFailure: ProbeFailure(code: "refused", message: "connection refused by 127.0.0.1:1")),
        MonitorState(status: .degraded, consecutiveFailures: 0, consecutiveSuccesses: 1, lastCheckedAt: nil, lastChangedAt: Date.distantPast,
                     nextRunAt: Date.distantFuture, lastFailure: ProbeFailure(code: "slow", message: "")),
    ]

    @Test(arguments: states) func givesBackTheStateItWasGiven(_ state: MonitorState) {
        #expect(CompactMonitorState(state).state == state)
        var compact = CompactMonitorState(.initial)
        compact.store(state)
        #expect(compact.state == state)
        #expect(compact.nextRun == state.nextRunAt)
        #expect(compact.lastChecked == state.lastCheckedAt)
    }

    @Test func isAtMostFortyEightBytes() {
        #expect(MemoryLayout<CompactMonitorState>.stride <= 48)
        #expect(MemoryLayout<CompactMonitorState>.stride < MemoryLayout<MonitorState>.stride / 2)
    }

    @Test func streaksBeyondThirtyTwoBitsStayAtTheMostItHolds() {
        let state = MonitorState(status: .up, consecutiveSuccesses: Int(Int32.max) + 10)
        #expect(CompactMonitorState(state).state.consecutiveSuccesses == Int(Int32.max))
    }
}
