import Foundation

/// One kind of work a `ScheduleEngine` runs on a schedule: monitors (`MonitorJob`) today,
/// host collections and agent assignments next.
///
/// The engine owns the queue, the phase grid, jitter, the concurrency limit, the deadline
/// and leases; the job says what one run does and how its outcome changes the job.
public protocol ScheduledJob: Sendable {
    /// What identifies the job across changes (a monitor id).
    associatedtype ID: Hashable & Sendable
    /// What one run produces.
    associatedtype Outcome: Sendable
    /// What the result sink receives for one run.
    associatedtype Completion: Sendable

    /// The job's identity.
    var id: ID { get }
    /// Seconds between runs.
    var interval: Double { get }
    /// The job's offset within its interval, stable across restarts (`SchedulePhase`).
    var phase: Double { get }
    /// When the job is due next: set by the engine before each run, saved by the sink, and
    /// read back at the next start so that a restart keeps the schedule.
    var nextRunAt: Date? { get set }
    /// When it last ran (by any server), so a job taken over from another server does not
    /// run again within half an interval.
    var lastRunAt: Date? { get }

    /// The work of the next run, as the job is now. Called on the engine; the run itself goes
    /// on elsewhere, under the concurrency limit and the run's deadline.
    mutating func makeRun() -> JobRun<Outcome>
    /// Folds a finished run into the job (its state, its last result) and says what to write.
    mutating func complete(_ outcome: Outcome, startedAt: Date, duration: Double) -> Completion
    /// What to write for a run that finished after its job was removed: nothing of the job's
    /// state changes.
    func completeRemoved(_ outcome: Outcome, startedAt: Date, duration: Double) -> Completion
    /// Whether `other` defines the same work (a resync leaves such a job as it is).
    func hasSameDefinition(as other: Self) -> Bool
    /// Keeps what this job learned at run time (its state, its last result) when `self`
    /// replaces it with a new definition.
    mutating func carryOver(from previous: Self)
    /// Called when the job stops running on this server: removed, or its lease gone to
    /// another server. Drops what is kept for it outside the engine (the latest result
    /// `/metrics` shows). Default: nothing.
    func retire()
}

extension ScheduledJob {
    /// Nothing is kept outside the engine.
    public func retire() {}
}

/// The work of one run and what stands for it when it overruns.
public struct JobRun<Outcome: Sendable>: Sendable {
    /// Seconds after its start at which the run is abandoned.
    public var deadline: Double
    /// The work; cancelled (and then abandoned) at the deadline.
    public var work: @Sendable () async -> Outcome
    /// The outcome of a run abandoned at its deadline.
    public var overrun: @Sendable () -> Outcome

    /// Creates a run.
    public init(deadline: Double, work: @escaping @Sendable () async -> Outcome, overrun: @escaping @Sendable () -> Outcome) {
        self.deadline = deadline
        self.work = work
        self.overrun = overrun
    }
}
