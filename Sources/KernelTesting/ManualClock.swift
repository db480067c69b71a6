import Foundation
import Kernel
import Synchronization

/// A `SchedulerClock` that moves only when a test says so: an hour of schedule runs in
/// milliseconds, and what a test asserts about times is exact instead of "about".
public final class ManualClock: SchedulerClock, Sendable {
    private struct Sleeper {
        var until: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A clock reading `now` (by default the wall clock's time at creation).
    public init(now: Date = Date()) { state = Mutex(State(now: now)) }

    public var now: Date { state.withLock { $0.now } }

    /// Tasks sleeping on the clock now.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(until: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state in
                let sleeper = state.sleepers.removeValue(forKey: id)
                if sleeper == nil { state.cancelled.insert(id) }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock `seconds` forward and wakes every sleeper whose time has come.
    public func advance(by seconds: Double) {
        let woken = state.withLock { state in
            state.now = state.now.addingTimeInterval(seconds)
            let now = state.now
            let due = state.sleepers.filter { $0.value.until <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Waits (in real time, at most `seconds`) until at least `count` tasks sleep on the
    /// clock: whatever the last advance woke has done its work and is waiting again.
    @discardableResult
    public func waitForSleepers(_ count: Int, within seconds: Double = 5) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while sleepers < count {
            guard ContinuousClock.now < deadline else { return false }
            await Task.yield()
            try? await Task.sleep(for: .microseconds(200))
        }
        return true
    }
}
