import Foundation

/// The time a scheduling engine runs on: the wall clock in a server, a manual clock in tests
/// (`KernelTesting.ManualClock`), so that a test of an hour of schedule takes milliseconds.
///
/// Everything the engine times goes through it: due times, the loop's sleep, run deadlines,
/// the result sink's flush interval and lease renewals.
public protocol SchedulerClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Returns at `deadline` (at once if it has passed); throws `CancellationError` when the
    /// task is cancelled first.
    func sleep(until deadline: Date) async throws
}

extension SchedulerClock {
    /// Sleeps `seconds` from now.
    public func sleep(seconds: Double) async throws {
        try await sleep(until: now.addingTimeInterval(seconds))
    }
}

/// The system's wall clock.
public struct WallClock: SchedulerClock {
    /// Creates the wall clock.
    public init() {}

    public var now: Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) } else { try Task.checkCancellation() }
    }
}
