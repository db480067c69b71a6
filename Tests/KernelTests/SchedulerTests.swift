import Foundation
import Kernel
import KernelTesting
import Synchronization
import Testing

/// The monitor scheduler on a manual clock: seconds of schedule in milliseconds of test, and
/// bounds on run counts that hold however loaded the machine is.
@Suite("Scheduler")
struct SchedulerTests {
    @Test func runsMonitorsEachIntervalAndRecordsResultsAndState() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up, latency: 0.001) })
        let task = await harness.start()
        let began = harness.clock.now
        let monitor = try await harness.add(target: "a", interval: 0.2)
        #expect(try await harness.advance(until: { try await harness.results(monitor).count >= 4 }))
        await harness.advance(1)
        await harness.stop(task)
        let elapsed = harness.clock.now.timeIntervalSince(began)
        let state = try await harness.store.monitors.state(of: monitor.id, tenant: harness.tenant)
        #expect(state?.status == .up)
        #expect(state?.nextRunAt != nil)
        let runs = harness.probe.runs(of: "a")
        #expect(runs <= Int(elapsed / 0.2) + 2, "\(runs) runs in \(elapsed) s: no more than one per interval")
        #expect(runs >= Int(elapsed / 0.2) / 2, "\(runs) runs in \(elapsed) s: it keeps to its interval")
        #expect(try await harness.results(monitor).count == runs, "every run is stored")
    }

    @Test func aHangingProbeIsCutOffAtItsDeadlineAndNeverStopsItsMonitor() async throws {
        let probe = ScriptedProbe { target, _ in
            if target == "hangs" { return try await ScriptedProbe.hangForever(target, 0) }
            return ProbeResult(status: .up)
        }
        let harness = try await SchedulerHarness(probe: probe)
        let task = await harness.start()
        let hanging = try await harness.add(target: "hangs", interval: 0.3, timeout: 0.1, failureThreshold: 2)
        let healthy = try await harness.add(target: "fine", interval: 0.3)
        #expect(try await harness.advance(until: { try await harness.results(hanging).count >= 3 }))
        #expect(probe.runs(of: "hangs") >= 3, "the monitor kept being scheduled while earlier runs hang")
        let cutOff = try await harness.results(hanging)
        #expect(cutOff.allSatisfy { $0.result.failure?.code == "timeout" && $0.result.status == .down })
        #expect(cutOff.allSatisfy { $0.duration >= 0.1 && $0.duration <= ProbeExecution.deadline(forTimeout: 0.1) + 0.1 },
                "abandoned at the deadline, not before and not much after: \(cutOff.map(\.duration))")
        #expect(try await harness.results(healthy).count >= 2)
        #expect(try await harness.advance(until: { try await harness.store.monitors.state(of: hanging.id, tenant: harness.tenant)?.status == .down }))
        await harness.stop(task)
    }

    @Test func aThrowingProbeCountsAsDownWithItsReason() async throws {
        struct Broken: Error {}
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in throw Broken() })
        let task = await harness.start()
        let monitor = try await harness.add(target: "x")
        #expect(try await harness.advance(until: { try await harness.results(monitor).first?.result.failure?.code == "probe_error" }))
        await harness.stop(task)
    }

    @Test func publishesStatusChangesAfterTheFailureThreshold() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, run in
            ProbeResult(status: run <= 2 ? .up : .down, failure: run <= 2 ? nil : ProbeFailure(code: "refused", message: "no"))
        })
        let probe = harness.probe
        let changes = StatusChanges(harness.events) { probe.runs(of: "flaky") }
        let task = await harness.start()
        let monitor = try await harness.add(target: "flaky", interval: 0.15, failureThreshold: 3)
        #expect(await harness.advance(until: { changes.seen(monitor).contains { $0.to == .down } }))
        let seen = changes.seen(monitor)
        #expect(seen.map(\.to) == [.up, .down])
        #expect(seen.last?.failure?.code == "refused")
        #expect(changes.runsWhenDown(monitor) ?? 0 >= 5, "down only after the third consecutive failure (run 5)")
        #expect(try await harness.advance(until: { try await harness.results(monitor).filter { $0.result.status == .down }.count >= 3 }))
        await harness.stop(task)
        changes.stop()
    }

    @Test func aStatusChangeIsPublishedOnlyOnceItsResultAndStateAreStored() async throws {
        // Up for two runs, then down, while the store is failing for a while.
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, run in
            ProbeResult(status: run <= 2 ? .up : .down, failure: run <= 2 ? nil : ProbeFailure(code: "refused", message: "no"))
        })
        let changes = harness.events.subscribe()
        let task = await harness.start()
        let monitor = try await harness.add(target: "outage", interval: 0.1)
        // What a consumer finds in the store at the moment each change reaches it (nil when the
        // store could not be read).
        let seen = Mutex<[(to: MonitorStatus, resultStored: Bool?, stateStored: Bool?)]>([])
        let watcher = Task {
            for await event in changes {
                guard let change = event.payload(as: MonitorStatusChanged.self), change.monitorID == monitor.id else { continue }
                let results = try? await harness.results(monitor)
                let state = try? await harness.store.monitors.state(of: monitor.id, tenant: harness.tenant)
                let resultStored = results.map { $0.contains { $0.result.status.rawValue == change.to.rawValue } }
                seen.withLock { $0.append((change.to, resultStored, state.map { $0.status == change.to })) }
            }
        }
        #expect(await harness.advance(until: { seen.withLock { $0.count } >= 1 }))
        await harness.store.setFailing(true)
        #expect(await harness.advance(until: { harness.probe.runs(of: "outage") >= 6 }), "the monitor keeps running during the outage")
        await harness.advance(0.5)
        #expect(seen.withLock { $0.count } == 1, "nothing is announced while its result cannot be stored")
        await harness.store.setFailing(false)
        #expect(await harness.advance(until: { seen.withLock { $0.count } >= 2 }))
        let changesSeen = seen.withLock { $0 }
        #expect(changesSeen.map(\.to) == [.up, .down])
        #expect(changesSeen.allSatisfy { $0.resultStored == true && $0.stateStored == true }, "\(changesSeen)")
        watcher.cancel()
        await harness.stop(task)
    }

    @Test func shutdownWaitsForRunsInFlightAndWritesTheirResults() async throws {
        // Each run takes 0.2 s of real time; the scheduler is stopped while one is in flight.
        let probe = ScriptedProbe { _, _ in
            try await Task.sleep(for: .milliseconds(200))
            return ProbeResult(status: .up)
        }
        let harness = try await SchedulerHarness(probe: probe)
        let task = await harness.start()
        let monitor = try await harness.add(target: "slow", interval: 5, timeout: 2)
        harness.clock.advance(by: 0.3)
        #expect(await eventually { probe.runs(of: "slow") >= 1 })
        await harness.stop(task)
        #expect(probe.runs(of: "slow") == 1)
        #expect(try await harness.results(monitor).count == 1, "every run started before the shutdown is stored")
    }

    @Test func changesTakeEffectWithoutARestart() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = await harness.start()
        var monitor = try await harness.add(target: "m", interval: 0.2)
        let added = monitor
        #expect(try await harness.advance(until: { try await harness.results(added).count >= 2 }))

        monitor.paused = true
        try await harness.update(monitor)
        await harness.advance(0.3)
        let whilePaused = try await harness.results(added).count
        await harness.advance(0.6)
        #expect(try await harness.results(added).count == whilePaused, "a paused monitor does not run")

        monitor.paused = false
        monitor.target = "renamed"
        try await harness.update(monitor)
        #expect(try await harness.advance(until: { try await harness.results(added).first?.target == "renamed" }))

        try await harness.store.monitors.delete(monitor.id, tenant: harness.tenant)
        harness.events.publish(Event(tenantID: harness.tenant, MonitorDeleted(monitorID: monitor.id)))
        #expect(await eventually { await harness.scheduler.scheduledCount == 0 })
        let runs = harness.probe.runs(of: "renamed")
        await harness.advance(0.5)
        #expect(harness.probe.runs(of: "renamed") == runs, "a deleted monitor stops running")
        await harness.stop(task)
    }

    @Test func stateAndScheduleSurviveARestart() async throws {
        let store = InMemoryStore()
        let first = try await SchedulerHarness(store: store, probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = await first.start()
        let monitor = try await first.add(target: "kept", interval: 2, timeout: 0.5)
        #expect(try await first.advance(until: { try await first.results(monitor).count >= 1 }))
        await first.stop(task)
        let saved = try #require(try await store.monitors.state(of: monitor.id, tenant: first.tenant))
        #expect(saved.status == .up)
        let nextRun = try #require(saved.nextRunAt)

        let second = try await SchedulerHarness(store: store, probe: ScriptedProbe { _, _ in ProbeResult(status: .up) },
                                                clock: ManualClock(now: first.clock.now))
        let restarted = await second.start()
        #expect(try await second.advance(until: { try await second.results(monitor).count >= 2 }))
        let lastBefore = try #require(saved.lastCheckedAt)
        let resumed = try #require(try await second.results(monitor).map(\.startedAt).filter { $0 > lastBefore }.min())
        let all = try await second.results(monitor).map { $0.startedAt.timeIntervalSince(nextRun) }
        #expect(resumed.timeIntervalSince(nextRun) > -0.01, "the first run after restart keeps the saved schedule: \(all) \(saved)")
        #expect(resumed.timeIntervalSince(nextRun) < 0.1, "and runs when it was due: \(all)")
        let streak = try await store.monitors.state(of: monitor.id, tenant: second.tenant)?.consecutiveSuccesses ?? 0
        #expect(streak >= 2, "the streak continues from the saved state")
        await second.stop(restarted)
    }

    @Test func resultsProducedDuringAStoreOutageAreWrittenAfterIt() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = await harness.start()
        let monitor = try await harness.add(target: "m", interval: 0.1)
        #expect(try await harness.advance(until: { try await harness.results(monitor).count >= 1 }))
        await harness.store.setFailing(true)
        let runsBefore = harness.probe.runs(of: "m")
        #expect(await harness.advance(until: { harness.probe.runs(of: "m") >= runsBefore + 5 }))
        #expect(await harness.scheduler.writer.failing)
        await harness.store.setFailing(false)
        let runsAtRecovery = harness.probe.runs(of: "m")
        #expect(try await harness.advance(until: { try await harness.results(monitor).count >= runsAtRecovery }))
        await harness.stop(task)
    }
}

/// Status changes seen on a bus, with the probe's run count when each arrived.
final class StatusChanges: Sendable {
    private final class Log: Sendable {
        let entries = Mutex<[(monitor: MonitorID, change: MonitorStatusChanged, runs: Int)]>([])
    }

    private let log = Log()
    private let watcher: Task<Void, Never>

    init(_ events: EventBus, runs: @escaping @Sendable () -> Int) {
        let subscription = events.subscribe()
        let log = self.log
        watcher = Task {
            for await event in subscription {
                if let change = event.payload(as: MonitorStatusChanged.self) {
                    let count = runs()
                    log.entries.withLock { $0.append((change.monitorID, change, count)) }
                }
            }
        }
    }

    func seen(_ monitor: Monitor) -> [MonitorStatusChanged] { log.entries.withLock { $0.filter { $0.monitor == monitor.id }.map(\.change) } }

    /// The run count when the monitor went down.
    func runsWhenDown(_ monitor: Monitor) -> Int? {
        log.entries.withLock { $0.first { $0.monitor == monitor.id && $0.change.to == .down }?.runs }
    }

    func stop() { watcher.cancel() }
}
