import Foundation
import Synchronization

/// One run in flight: who finishes it (the work or its deadline) is decided once.
final class RunHandle<Job: ScheduledJob>: Sendable {
    /// The job as it was launched (what is written if it is removed meanwhile).
    let job: Job
    /// What stands for the run if it overruns.
    let overrun: @Sendable () -> Job.Outcome
    private let claimed = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let startedAt = Mutex<Date?>(nil)

    init(job: Job, overrun: @escaping @Sendable () -> Job.Outcome) {
        self.job = job
        self.overrun = overrun
    }

    /// True for the one caller that finishes the run.
    func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }

    /// When the run started (took its slot under the limit).
    var started: Date? {
        get { startedAt.withLock { $0 } }
        set { startedAt.withLock { $0 = newValue } }
    }

    /// Keeps the run's task, to cancel it at the deadline (at once if that has passed).
    func attach(_ task: Task<Void, Never>) {
        self.task.withLock { $0 = task }
        if claimed.load(ordering: .acquiring) {
            task.cancel()
            detach()
        }
    }

    /// Cancels the run's task: the work is abandoned, whether or not it notices.
    func cancel() { task.withLock { $0?.cancel() } }

    /// Lets go of the task once the run is finished. The task's closure holds this handle, so
    /// keeping the task here would keep both, and everything the run captured, for good
    /// (about 1 KB per check).
    func detach() { task.withLock { $0 = nil } }
}

/// The deadlines of the runs in flight, checked by the engine's loop at each wake-up: no timer
/// task per run. A run that finished in time stays until its deadline passes and is then
/// dropped (its handle is already claimed).
final class RunDeadlines<Job: ScheduledJob>: Sendable {
    private let heap = Mutex(MinHeap<Date, RunHandle<Job>>())

    /// Watches `handle` until `deadline`.
    func add(_ handle: RunHandle<Job>, deadline: Date) {
        heap.withLock { $0.insert(handle, key: deadline) }
    }

    /// The earliest deadline watched.
    var earliest: Date? { heap.withLock { $0.first?.key } }

    /// Removes and returns the handles whose deadline is at or before `now`.
    func expired(at now: Date) -> [RunHandle<Job>] {
        heap.withLock { heap in
            var due: [RunHandle<Job>] = []
            while let top = heap.first, top.key <= now {
                due.append(top.value)
                heap.popFirst()
            }
            return due
        }
    }
}
