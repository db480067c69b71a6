import Foundation
import Logging

/// Runs jobs on a schedule: each on its own phase grid (`SchedulePhase`) with jitter, under a
/// global concurrency limit and a per-run deadline, on an injected clock, handing what each
/// run produced to a result sink. With leases, only the jobs this server holds run.
///
/// It knows nothing of monitors: a `ScheduledJob` says what a run does and how its outcome
/// changes the job, a `JobSource` supplies the jobs and their changes (the owner feeds them
/// in with `load`, `apply`, `takeOver` and `resync`), and a `ResultSink` writes the outcomes.
public actor ScheduleEngine<Job: ScheduledJob> {
    typealias Entry = JobTable<Job>.Entry

    let clock: any SchedulerClock
    /// Where completions go.
    public nonisolated let sink: any ResultSink<Job.Completion>
    let settings: SchedulerSettings
    let metrics: EngineMetrics
    let logger: Logger
    /// The concurrency limit, with the runs waiting for a slot.
    private var slots: RunSlots<PendingRun>
    private let deadlines = RunDeadlines<Job>()
    var entries = JobTable<Job>()
    var queue = ScheduleQueue<Job.ID>()
    var nextGeneration: UInt64 = 0
    /// Runs launched and not yet handed to the sink.
    private var inFlight = 0
    /// Completions waiting to be handed to the sink together.
    private var completed: [Job.Completion] = []
    /// The jobs this server holds leases on; nil when it runs every job.
    var ownership: Set<Job.ID>?
    /// Until when the leases in `ownership` are certain; no run starts after it.
    var leasesCertainUntil = Date.distantFuture

    /// Creates an engine; nothing runs until `run()`. With `leased`, no job runs until
    /// `applyLeases` says it is held here.
    public init(clock: any SchedulerClock, sink: any ResultSink<Job.Completion>, settings: SchedulerSettings,
                metrics: EngineMetrics, logger: Logger, leased: Bool = false) {
        self.clock = clock
        self.sink = sink
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        slots = RunSlots(limit: settings.maxConcurrentChecks)
        ownership = leased ? [] : nil
    }

    /// Jobs scheduled.
    public var scheduledCount: Int { entries.count }

    /// Jobs this server runs: every scheduled one, or with leases those it holds.
    public var runningCount: Int { ownership.map { $0.lazy.filter(self.entries.contains).count } ?? entries.count }

    /// Runs started and not yet handed to the sink.
    public var runsInFlight: Int { inFlight }

    /// Runs launched and waiting for a slot under the concurrency limit (they have no task yet).
    public var runsWaiting: Int { slots.waitingCount }

    /// The job with `id`, if scheduled.
    public func job(_ id: Job.ID) -> Job? { entries[id]?.job }

    /// Schedules `job` (replacing any job with its id) to run first at `due`.
    func install(_ job: Job, due: Date) {
        nextGeneration += 1
        var job = job
        job.nextRunAt = due
        entries.put(Entry(job: job, generation: nextGeneration, running: entries[job.id]?.running ?? false))
        if ownership?.contains(job.id) ?? true {
            queue.insert(.init(due: due, id: job.id, generation: nextGeneration))
        }
        metrics.scheduled.record(entries.count)
    }

    /// Unschedules a job; a run in flight still completes.
    func remove(_ id: Job.ID) {
        entries.remove(id)?.job.retire()
        metrics.scheduled.record(entries.count)
    }

    // MARK: Running

    /// Schedules until cancelled, with the sink flushing beside it. Call `shutdown()` after.
    public func run() async {
        let sink = self.sink, clock = self.clock
        let interval = Double(settings.flushIntervalMilliseconds) / 1000
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await sink.run(every: interval, clock: clock) }
            await loop()
            group.cancelAll()
        }
    }

    /// Waits for the runs in flight (at most `shutdownGraceSeconds`, abandoning overruns at
    /// their deadlines meanwhile), then flushes the sink: every run started is written.
    public func shutdown() async {
        let grace = ContinuousClock.now + .seconds(settings.shutdownGraceSeconds)
        while inFlight > 0, ContinuousClock.now < grace {
            expireOverruns(at: clock.now)
            // A detached sleep: the caller's task may be cancelled by now.
            await Task.detached { try? await Task.sleep(for: .milliseconds(10)) }.value
        }
        if inFlight > 0 {
            logger.warning("runs still in flight at shutdown are abandoned", metadata: ["runs": "\(inFlight)"])
        }
        await handOver()
        await sink.flush()
    }

    private func loop() async {
        let tick = Double(settings.tickMilliseconds) / 1000
        while !Task.isCancelled {
            let now = clock.now
            expireOverruns(at: now)
            while let top = queue.first, top.due <= now {
                _ = queue.popFirst()
                guard let entry = entries[top.id], entry.generation == top.generation else { continue }
                let next = nextDue(after: top.due, job: entry.job, now: now)
                entries.update(top.id) { $0.job.nextRunAt = next }
                queue.insert(.init(due: next, id: top.id, generation: top.generation))
                if entry.running || now > leasesCertainUntil {
                    metrics.skipped.increment()
                } else {
                    launch(top.id, due: top.due)
                }
            }
            metrics.inFlight.record(inFlight)
            // Wake at most every tick: the runs that fall due meanwhile start together, at
            // most a tick late, instead of one timer wake-up each. Deadlines are checked at
            // the same wake-ups.
            let wake = [queue.first?.due, deadlines.earliest].compactMap { $0 }.min() ?? now.addingTimeInterval(0.1)
            let wait = min(max(wake.timeIntervalSince(now), tick), max(tick, 0.1))
            try? await clock.sleep(until: now.addingTimeInterval(wait))
        }
    }

    /// The next slot on the job's phase grid at least half an interval after this run,
    /// moved by up to ±jitter/2 × interval.
    private func nextDue(after due: Date, job: Job, now: Date) -> Date {
        let slot = SchedulePhase.nextSlot(phase: job.phase, interval: job.interval, notBefore: due.addingTimeInterval(job.interval / 2))
        let spread = job.interval * settings.jitter
        let next = slot.addingTimeInterval(spread > 0 ? Double.random(in: -spread / 2...spread / 2) : 0)
        return next > now ? next : SchedulePhase.nextSlot(phase: job.phase, interval: job.interval, notBefore: now)
    }

    /// A launched run: what starting it takes, now or once a slot frees.
    struct PendingRun {
        var id: Job.ID
        var due: Date
        var run: JobRun<Job.Outcome>
        var handle: RunHandle<Job>
    }

    private func launch(_ id: Job.ID, due: Date) {
        // Mutated in place: no copy of the job per run.
        guard let (run, job) = entries.update(id, { entry in
            entry.running = true
            return (entry.job.makeRun(), entry.job)
        }) else { return }
        inFlight += 1
        let handle = RunHandle(job: job, overrun: run.overrun)
        // With a slot free, the run starts at this wake-up; else it waits, without a task,
        // until a run ends and hands it the slot.
        let pending = PendingRun(id: id, due: due, run: run, handle: handle)
        if slots.take(or: pending) { start(pending) }
    }

    /// Starts a run that holds a slot: its deadline counts from now.
    private func start(_ pending: PendingRun) {
        let clock = self.clock, handle = pending.handle, run = pending.run, id = pending.id
        let started = clock.now
        handle.started = started
        metrics.lag.recordSeconds(max(started.timeIntervalSince(pending.due), 0))
        deadlines.add(handle, deadline: started.addingTimeInterval(run.deadline))
        let task = Task {
            let outcome = await run.work()
            guard handle.claim() else { return }
            handle.detach()
            self.finish(id, handle: handle, duration: clock.now.timeIntervalSince(started), outcome: outcome)
        }
        handle.attach(task)
    }

    /// Finishes the runs past their deadline with their overrun outcome.
    private func expireOverruns(at now: Date) {
        for handle in deadlines.expired(at: now) where handle.claim() {
            handle.cancel()
            handle.detach()
            logger.warning("run did not finish by its deadline; abandoned")
            finish(handle.job.id, handle: handle, duration: now.timeIntervalSince(handle.started ?? now), outcome: handle.overrun())
        }
    }

    private func finish(_ id: Job.ID, handle: RunHandle<Job>, duration: Double, outcome: Job.Outcome) {
        // The slot goes to the run that has waited longest, if any.
        if let next = slots.release() { start(next) }
        let started = handle.started ?? clock.now
        // The first completion of a batch schedules its hand-over: the ones that finish before
        // that task runs go with it, so at thousands of checks a second there is one hop per
        // batch, and at a few a second the result still reaches the sink at once.
        if completed.isEmpty { Task { await self.handOver() } }
        if let completion = entries.update(id, { entry in
            entry.running = false
            return entry.job.complete(outcome, startedAt: started, duration: duration)
        }) {
            completed.append(completion)
            // Its lease went elsewhere while it ran: what it keeps outside goes again.
            if let ownership, !ownership.contains(id) { entries[id]?.job.retire() }
        } else {
            completed.append(handle.job.completeRemoved(outcome, startedAt: started, duration: duration))
        }
        inFlight -= 1
    }

    /// Hands the completions gathered since the last hand-over to the sink.
    private func handOver() async {
        guard !completed.isEmpty else { return }
        let batch = completed
        completed.removeAll(keepingCapacity: true)
        await sink.submit(batch)
    }
}
