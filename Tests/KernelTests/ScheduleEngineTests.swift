import CoreMetrics
import Foundation
import Kernel
import KernelTesting
import Logging
import Synchronization
import Testing

/// The engine with a job that is not a monitor, its own source of jobs and its own sink: the
/// seam host collections and agents use.
@Suite("schedule engine")
struct ScheduleEngineTests {
    /// A job that counts its runs; its work is scripted per run.
    struct CountingJob: ScheduledJob {
        let id: UUID
        let interval: Double
        var phase: Double { SchedulePhase.phase(of: id, interval: interval) }
        var nextRunAt: Date?
        var lastRunAt: Date?
        var runs = 0
        let work: @Sendable (Int) async -> String

        mutating func makeRun() -> JobRun<String> {
            let next = runs + 1, work = self.work
            return JobRun(deadline: 0.5) { await work(next) } overrun: { "overrun" }
        }

        mutating func complete(_ outcome: String, startedAt: Date, duration: Double) -> Collected {
            runs += 1
            lastRunAt = startedAt
            return Collected(job: id, outcome: outcome, startedAt: startedAt, duration: duration)
        }

        func completeRemoved(_ outcome: String, startedAt: Date, duration: Double) -> Collected {
            Collected(job: id, outcome: outcome, startedAt: startedAt, duration: duration)
        }

        func hasSameDefinition(as other: CountingJob) -> Bool { id == other.id && interval == other.interval }

        mutating func carryOver(from previous: CountingJob) { runs = previous.runs }
    }

    struct Collected: Sendable {
        let job: UUID
        let outcome: String
        let startedAt: Date
        let duration: Double
    }

    /// A sink that acknowledges on flush, as a spool does once its file is synced.
    final class CollectingSink: ResultSink, Sendable {
        private let pending = Mutex<[Collected]>([])
        private let acknowledged = Mutex<[Collected]>([])
        func submit(_ completions: [Collected]) async { pending.withLock { $0 += completions } }
        func flush() async -> Bool {
            let batch = pending.withLock { pending in defer { pending = [] }; return pending }
            acknowledged.withLock { $0 += batch }
            return true
        }
        func run(every interval: Double, clock: any SchedulerClock) async {
            while !Task.isCancelled {
                try? await clock.sleep(seconds: interval)
                _ = await flush()
            }
            _ = await flush()
        }
        var written: [Collected] { acknowledged.withLock { $0 } }
        func written(_ job: UUID) -> [Collected] { written.filter { $0.job == job } }
    }

    func engine(_ clock: ManualClock, sink: CollectingSink, maxConcurrent: Int = 16) -> ScheduleEngine<CountingJob> {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return ScheduleEngine(clock: clock, sink: sink,
                              settings: SchedulerSettings(maxConcurrentChecks: maxConcurrent, jitter: 0, flushIntervalMilliseconds: 100),
                              metrics: EngineMetrics(factory: NOOPMetricsHandler.instance, lag: "lag", skipped: "skipped", scheduled: "scheduled", leased: "leased", inFlight: "inFlight"),
                              logger: logger)
    }

    /// Moves the clock in 50 ms steps for `seconds`, letting the engine idle at each.
    func advance(_ clock: ManualClock, _ seconds: Double) async {
        for _ in 0..<Int((seconds / 0.05).rounded()) {
            clock.advance(by: 0.05)
            // Under a busy parallel suite the loop may take longer than a second to get back
            // to sleep; the clock moves on only once it has.
            for _ in 0..<30 where await !clock.waitForSleepers(2, within: 1) {}
            try? await Task.sleep(for: .microseconds(300))
        }
    }

    /// Stops the engine as a shutdown does, the clock moving meanwhile.
    func stop(_ engine: ScheduleEngine<CountingJob>, _ running: Task<Void, Never>, _ clock: ManualClock) async {
        running.cancel()
        await running.value
        let mover = Task {
            while !Task.isCancelled {
                clock.advance(by: 0.05)
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        await engine.shutdown()
        mover.cancel()
    }

    @Test func eachJobRunsOnceAnIntervalOnItsOwnPhase() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_000_000))
        let sink = CollectingSink()
        let engine = engine(clock, sink: sink)
        let jobs = (0..<3).map { _ in CountingJob(id: UUID(), interval: 1, work: { "ran \($0)" }) }
        await engine.load(jobs)
        let running = Task { await engine.run() }
        await clock.waitForSleepers(2)
        await advance(clock, 10)
        await stop(engine, running, clock)
        for job in jobs {
            let runs = sink.written(job.id)
            #expect((9...11).contains(runs.count), "\(runs.count) runs in 10 s at 1 s")
            let offsets = runs.map { $0.startedAt.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) }
            let phase = job.phase
            #expect(offsets.allSatisfy { abs($0 - phase) < 0.1 || abs($0 - phase) > 0.9 }, "on the job's phase \(phase): \(offsets)")
            #expect(runs.map(\.outcome).prefix(2) == ["ran 1", "ran 2"], "the job's state carries from run to run")
        }
    }

    @Test func aRunPastItsDeadlineIsAbandonedAndTheLimitHolds() async throws {
        let clock = ManualClock()
        let sink = CollectingSink()
        let engine = engine(clock, sink: sink, maxConcurrent: 1)
        let started = Mutex(0)
        let hangs = CountingJob(id: UUID(), interval: 1) { _ in
            started.withLock { $0 += 1 }
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
            return "never"
        }
        let quick = CountingJob(id: UUID(), interval: 1) { _ in
            started.withLock { $0 += 1 }
            return "quick"
        }
        await engine.load([hangs, quick])
        let running = Task { await engine.run() }
        await clock.waitForSleepers(2)
        await advance(clock, 3)
        await stop(engine, running, clock)
        #expect(sink.written(hangs.id).map(\.outcome).allSatisfy { $0 == "overrun" })
        // The last one may be cut off during the shutdown, while the clock races ahead.
        let cutOff = sink.written(hangs.id).dropLast()
        #expect(cutOff.allSatisfy { $0.duration >= 0.5 && $0.duration < 0.7 }, "abandoned at its deadline: \(cutOff.map(\.duration))")
        #expect(sink.written(hangs.id).count >= 2, "a hung run never stops its job")
        #expect(sink.written(quick.id).count >= 2, "with one slot, the other job runs once the hung run is abandoned")
    }

    @Test func runsBeyondTheLimitWaitWithoutATaskAndStartInLaunchOrder() async throws {
        let clock = ManualClock()
        let start = clock.now.timeIntervalSince1970
        let sink = CollectingSink()
        let engine = engine(clock, sink: sink, maxConcurrent: 2)
        let gate = Mutex(false)
        let running = Mutex((now: 0, most: 0, order: [UUID]()))
        let jobs = (0..<6).map { _ in UUID() }.map { id in
            CountingJob(id: id, interval: 0.2) { _ in
                running.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.order.append(id) }
                while !gate.withLock({ $0 }), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(1)) }
                running.withLock { $0.now -= 1 }
                return "ran"
            }
        }
        await engine.load(jobs)
        let loop = Task { await engine.run() }
        await clock.waitForSleepers(2)
        // Every job falls due within its first interval, and no run reaches its 0.5 s deadline.
        await advance(clock, 0.25)
        // Two hold the slots; the other four wait as values, and none of their work has begun.
        #expect(await eventually(within: 10) { running.withLock { $0.order.count } == 2 })
        #expect(await engine.runsWaiting == 4)
        #expect(await engine.runsInFlight == 6)
        gate.withLock { $0 = true }
        #expect(await eventually(within: 10) { running.withLock { $0.order.count } == 6 && running.withLock { $0.now } == 0 })
        #expect(await engine.runsWaiting == 0)
        #expect(running.withLock { $0.most } == 2, "never more than the limit at once")
        await stop(engine, loop, clock)
        // Each started when a slot freed, in the order they were launched (the order they were due).
        // A job's first run is the first slot of its phase after the start.
        func firstDue(_ job: CountingJob) -> Double {
            let offset = (job.phase - start).truncatingRemainder(dividingBy: job.interval)
            return offset < 0 ? offset + job.interval : offset
        }
        let launched = jobs.sorted { firstDue($0) < firstDue($1) }.map(\.id)
        #expect(Array(running.withLock { $0.order }.prefix(6)) == launched)
        #expect(jobs.allSatisfy { !sink.written($0.id).isEmpty })
    }

    @Test func changesFromTheSourceTakeEffectAndKeepWhatTheJobLearned() async throws {
        let clock = ManualClock()
        let sink = CollectingSink()
        let engine = engine(clock, sink: sink)
        let id = UUID()
        await engine.load([CountingJob(id: id, interval: 1, work: { "v1 run \($0)" })])
        let running = Task { await engine.run() }
        await clock.waitForSleepers(2)
        await advance(clock, 3)
        let before = await engine.job(id)?.runs ?? 0
        #expect(before >= 2)
        await engine.apply(.upsert(CountingJob(id: id, interval: 1, work: { "v2 run \($0)" }), isLocal: true))
        await advance(clock, 2)
        #expect(sink.written(id).first { $0.outcome.hasPrefix("v2") }?.outcome == "v2 run \(before + 1)", "the new definition, counting on: \(sink.written.map(\.outcome))")
        await engine.apply(.remove(id))
        // What ran before the removal reaches the sink at the next wake-ups.
        await advance(clock, 0.3)
        let count = sink.written(id).count
        await advance(clock, 3)
        await stop(engine, running, clock)
        #expect(sink.written(id).count == count, "a removed job stops")
    }

    /// Counts the objects a run captured that are still alive.
    final class Token: Sendable {
        let tokens: Tokens
        init(_ tokens: Tokens) {
            self.tokens = tokens
            tokens.count.add(1, ordering: .relaxed)
        }
        deinit { tokens.count.subtract(1, ordering: .relaxed) }
    }

    /// A job whose every run captures a token.
    struct TokenJob: ScheduledJob {
        let id = UUID()
        var interval: Double { 0.2 }
        var phase: Double { 0 }
        var nextRunAt: Date?
        var lastRunAt: Date? { nil }
        let alive: Tokens
        mutating func makeRun() -> JobRun<String> {
            let token = Token(alive)
            return JobRun(deadline: 0.5) { _ = token; return "ran" } overrun: { "overrun" }
        }
        mutating func complete(_ outcome: String, startedAt: Date, duration: Double) -> Collected {
            Collected(job: id, outcome: outcome, startedAt: startedAt, duration: duration)
        }
        func completeRemoved(_ outcome: String, startedAt: Date, duration: Double) -> Collected {
            Collected(job: id, outcome: outcome, startedAt: startedAt, duration: duration)
        }
        func hasSameDefinition(as other: TokenJob) -> Bool { id == other.id }
        mutating func carryOver(from previous: TokenJob) {}
    }

    final class Tokens: Sendable { let count = Atomic<Int>(0) }

    /// (The handles of finished runs also let go of their tasks, whose allocator slabs
    /// otherwise stayed until the deadline heap dropped the handle; that is measured in
    /// `docs/benchmarks.md`, RSS at 100,000 monitors, not asserted here.)
    @Test func whatAFinishedRunCapturedIsFreed() async throws {
        let clock = ManualClock()
        let sink = CollectingSink()
        let tokens = Tokens()
        let engine = ScheduleEngine<TokenJob>(
            clock: clock, sink: sink, settings: SchedulerSettings(maxConcurrentChecks: 4, jitter: 0, flushIntervalMilliseconds: 100),
            metrics: EngineMetrics(factory: NOOPMetricsHandler.instance, lag: "lag", skipped: "skipped", scheduled: "scheduled", leased: "leased",
                                   inFlight: "inFlight"),
            logger: Logger(label: "test"))
        let job = TokenJob(alive: tokens)
        await engine.load([job])
        let running = Task { await engine.run() }
        await clock.waitForSleepers(2)
        await advance(clock, 4)
        #expect(sink.written(job.id).count >= 15, "\(sink.written(job.id).count) runs")
        // Past every deadline: the deadlines let go of their handles too.
        running.cancel()
        await running.value
        await engine.shutdown()
        clock.advance(by: 1)
        let freed = await eventually(within: 5) { tokens.count.load(ordering: .relaxed) <= 1 }
        #expect(freed, "\(tokens.count.load(ordering: .relaxed)) runs' captures are still alive after their runs finished")
    }
}
