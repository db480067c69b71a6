import Foundation

/// Where a `ScheduleEngine`'s jobs come from: on a server the store and the event bus
/// (`StoreMonitorSource`), on an agent the assignments its server sends.
public protocol JobSource<Job>: Sendable {
    /// The jobs.
    associatedtype Job: ScheduledJob

    /// Starts following changes, then reads every job, so no change made between the two is
    /// missed.
    func start() async throws -> JobFeed<Job>
    /// Every job as the source has it now (a resync after changes may have been missed).
    func all() async throws -> [Job]
    /// These jobs as another server left them (leases taken over): their state as last
    /// written, and no result of this server's to hand to the next run. Jobs that cannot be
    /// read come back as given.
    func refresh(_ jobs: [Job]) async -> [Job]
}

/// The jobs at start and the changes after.
public struct JobFeed<Job: ScheduledJob>: Sendable {
    /// Every job at start.
    public var initial: [Job]
    /// Changes, until the source stops.
    public var changes: AsyncStream<JobChange<Job>>

    /// Creates a feed.
    public init(initial: [Job], changes: AsyncStream<JobChange<Job>>) {
        self.initial = initial
        self.changes = changes
    }
}

extension JobFeed {
    /// The changes `change` reads from each event of `subscription` (nil: the event changes
    /// nothing), in event order, until the subscription ends or the stream is dropped.
    public static func changes(following subscription: AsyncStream<Event>,
                               _ change: @escaping @Sendable (Event) async -> JobChange<Job>?) -> AsyncStream<JobChange<Job>> {
        AsyncStream { continuation in
            let task = Task {
                for await event in subscription {
                    if let next = await change(event) { continuation.yield(next) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A change to the set of jobs.
public enum JobChange<Job: ScheduledJob>: Sendable {
    /// A new or changed job: it runs soon (within the jitter), keeping what the job it
    /// replaces learned at run time. `isLocal` is true when the change was made on this server.
    case upsert(Job, isLocal: Bool)
    /// A job is gone (deleted or paused).
    case remove(Job.ID)
    /// The source's whole set of jobs, after a change too large to send one by one (a bulk
    /// import): new and changed jobs are installed, missing ones removed.
    case resync([Job])
    /// The jobs `matching` are changed in place by `change`, keeping their schedule (the
    /// policy they run under changed).
    case modify(matching: @Sendable (Job) -> Bool, change: @Sendable (inout Job) -> Void)
}
