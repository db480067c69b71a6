import Foundation
import Kernel
import KernelTesting
import Synchronization
import Testing

@Suite("Scheduler", .serialized)
struct SchedulerTests {
    @Test func runsMonitorsEachIntervalAndRecordsResultsAndState() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up, latency: 0.001) })
        let began = Date()
        let task = harness.start()
        let monitor = try await harness.add(target: "a", interval: 0.2)
        // Generous: on two cores the whole suite runs alongside, servers and PostgreSQL included.
        #expect(try await eventually(within: 30) { try await harness.results(monitor).count >= 4 })
        task.cancel()
        _ = try? await task.value
        let elapsed = Date().timeIntervalSince(began)
        let state = try await harness.store.monitors.state(of: monitor.id, tenant: harness.tenant)
        #expect(state?.status == .up)
        #expect(state?.nextRunAt != nil)
        let runs = harness.probe.runs(of: "a")
        #expect(runs <= Int(elapsed / 0.2) + 2, "\(runs) runs in \(elapsed) s: no more than one per interval")
    }

    @Test func aHangingProbeIsCutOffAtItsDeadlineAndNeverStopsItsMonitor() async throws {
        let probe = ScriptedProbe { target, _ in
            if target == "hangs" { return try await ScriptedProbe.hangForever(target, 0) }
            return ProbeResult(status: .up)
        }
        let harness = try await SchedulerHarness(probe: probe)
        let task = harness.start()
        let hanging = try await harness.add(target: "hangs", interval: 0.3, timeout: 0.1, failureThreshold: 2)
        let healthy = try await harness.add(target: "fine", interval: 0.3)
        #expect(try await eventually { try await harness.results(hanging).count >= 3 })
        #expect(probe.runs(of: "hangs") >= 3, "the monitor kept being scheduled while earlier runs hang")
        #expect(try await harness.results(hanging).allSatisfy { $0.result.failure?.code == "timeout" && $0.result.status == .down })
        #expect(try await harness.results(healthy).count >= 2)
        #expect(try await eventually { try await harness.store.monitors.state(of: hanging.id, tenant: harness.tenant)?.status == .down })
        task.cancel()
        _ = try? await task.value
    }

    @Test func aThrowingProbeCountsAsDownWithItsReason() async throws {
        struct Broken: Error {}
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in throw Broken() })
        let task = harness.start()
        let monitor = try await harness.add(target: "x")
        #expect(try await eventually { try await harness.results(monitor).first?.result.failure?.code == "probe_error" })
        task.cancel()
        _ = try? await task.value
    }

    @Test func publishesStatusChangesAfterTheFailureThreshold() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, run in
            ProbeResult(status: run <= 2 ? .up : .down, failure: run <= 2 ? nil : ProbeFailure(code: "refused", message: "no"))
        })
        let changes = harness.events.subscribe()
        let task = harness.start()
        let monitor = try await harness.add(target: "flaky", interval: 0.15, failureThreshold: 3)
        var seen: [MonitorStatus] = []
        for await event in changes {
            if case .monitorStatusChanged(let change) = event.kind, change.monitorID == monitor.id {
                seen.append(change.to)
                if change.to == .down {
                    #expect(change.failure?.code == "refused")
                    #expect(harness.probe.runs(of: "flaky") >= 5, "down only after the third consecutive failure (run 5)")
                    break
                }
            }
        }
        #expect(seen == [.up, .down])
        #expect(try await eventually { try await harness.results(monitor).filter { $0.result.status == .down }.count >= 3 })
        task.cancel()
        _ = try? await task.value
    }

    @Test func aStatusChangeIsPublishedOnlyOnceItsResultAndStateAreStored() async throws {
        // Up for two runs, then down, while the store is failing for a while.
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, run in
            ProbeResult(status: run <= 2 ? .up : .down, failure: run <= 2 ? nil : ProbeFailure(code: "refused", message: "no"))
        })
        let changes = harness.events.subscribe()
        let task = harness.start()
        let monitor = try await harness.add(target: "outage", interval: 0.1)
        // What a consumer finds in the store at the moment each change reaches it (nil when the
        // store could not be read).
        let seen = Mutex<[(to: MonitorStatus, resultStored: Bool?, stateStored: Bool?)]>([])
        let watcher = Task {
            for await event in changes {
                guard case .monitorStatusChanged(let change) = event.kind, change.monitorID == monitor.id else { continue }
                let results = try? await harness.results(monitor)
                let state = try? await harness.store.monitors.state(of: monitor.id, tenant: harness.tenant)
                let resultStored = results.map { $0.contains { $0.result.status.rawValue == change.to.rawValue } }
                seen.withLock { $0.append((change.to, resultStored, state.map { $0.status == change.to })) }
            }
        }
        #expect(await eventually { seen.withLock { $0.count } >= 1 })
        await harness.store.setFailing(true)
        #expect(await eventually { harness.probe.runs(of: "outage") >= 6 }, "the monitor keeps running during the outage")
        #expect(seen.withLock { $0.count } == 1, "nothing is announced while its result cannot be stored")
        await harness.store.setFailing(false)
        #expect(await eventually { seen.withLock { $0.count } >= 2 })
        let changesSeen = seen.withLock { $0 }
        #expect(changesSeen.map(\.to) == [.up, .down])
        #expect(changesSeen.allSatisfy { $0.resultStored == true && $0.stateStored == true }, "\(changesSeen)")
        watcher.cancel()
        task.cancel()
        _ = try? await task.value
    }

    @Test func shutdownWaitsForRunsInFlightAndWritesTheirResults() async throws {
        // Each run takes 0.4 s; the scheduler is stopped while one is in flight.
        let probe = ScriptedProbe { _, _ in
            try await Task.sleep(for: .milliseconds(400))
            return ProbeResult(status: .up)
        }
        let harness = try await SchedulerHarness(probe: probe)
        let task = harness.start()
        let monitor = try await harness.add(target: "slow", interval: 5, timeout: 2)
        #expect(await eventually { probe.runs(of: "slow") >= 1 })
        task.cancel()
        _ = try? await task.value
        #expect(try await harness.results(monitor).count == probe.runs(of: "slow"), "every run started before the shutdown is stored")
    }

    @Test func changesTakeEffectWithoutARestart() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = harness.start()
        var monitor = try await harness.add(target: "m", interval: 0.2)
        let added = monitor
        #expect(try await eventually { try await harness.results(added).count >= 2 })

        monitor.paused = true
        try await harness.update(monitor)
        try await Task.sleep(for: .milliseconds(300))
        let whilePaused = try await harness.results(added).count
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await harness.results(added).count == whilePaused, "a paused monitor does not run")

        monitor.paused = false
        monitor.target = "renamed"
        try await harness.update(monitor)
        #expect(try await eventually { try await harness.results(added).first?.target == "renamed" })

        try await harness.store.monitors.delete(monitor.id, tenant: harness.tenant)
        harness.events.publish(Event(tenantID: harness.tenant, kind: .monitorDeleted(monitorID: monitor.id)))
        #expect(await eventually { await harness.scheduler.scheduledCount == 0 })
        let runs = harness.probe.runs(of: "renamed")
        try await Task.sleep(for: .milliseconds(500))
        #expect(harness.probe.runs(of: "renamed") <= runs + 1, "a deleted monitor stops running")
        task.cancel()
        _ = try? await task.value
    }

    @Test func stateAndScheduleSurviveARestart() async throws {
        let store = InMemoryStore()
        let first = try await SchedulerHarness(store: store, probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = first.start()
        let monitor = try await first.add(target: "kept", interval: 2, timeout: 0.5)
        #expect(try await eventually { try await first.results(monitor).count >= 1 })
        task.cancel()
        _ = try? await task.value
        let saved = try #require(try await store.monitors.state(of: monitor.id, tenant: first.tenant))
        #expect(saved.status == .up)
        let nextRun = try #require(saved.nextRunAt)

        let second = try await SchedulerHarness(store: store, probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let restarted = second.start()
        #expect(try await eventually(within: 30) { try await second.results(monitor).count >= 2 }, "waits for the load of a parallel suite")
        let resumed = try await second.results(monitor).first!.startedAt
        let all = try await second.results(monitor).map { $0.startedAt.timeIntervalSince(nextRun) }
        #expect(resumed.timeIntervalSince(nextRun) > -0.01, "the first run after restart keeps the saved schedule: \(all) \(saved)")
        let streak = try await store.monitors.state(of: monitor.id, tenant: second.tenant)?.consecutiveSuccesses ?? 0
        #expect(streak >= 2,
                "the streak continues from the saved state")
        restarted.cancel()
        _ = try? await restarted.value
    }

    @Test func resultsProducedDuringAStoreOutageAreWrittenAfterIt() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up) })
        let task = harness.start()
        let monitor = try await harness.add(target: "m", interval: 0.1)
        #expect(try await eventually { try await harness.results(monitor).count >= 1 })
        await harness.store.setFailing(true)
        let runsBefore = harness.probe.runs(of: "m")
        #expect(await eventually { harness.probe.runs(of: "m") >= runsBefore + 5 })
        #expect(await harness.scheduler.writer.failing)
        await harness.store.setFailing(false)
        let runsAtRecovery = harness.probe.runs(of: "m")
        #expect(try await eventually { try await harness.results(monitor).count >= runsAtRecovery })
        task.cancel()
        _ = try? await task.value
    }
}

/// Probe events and the previous result, the mechanism behind `dns.answer_changed`.
struct SchedulerProbeEventTests {
    @Test(.timeLimit(.minutes(1)))
    func eventsOfAResultArePublishedWithTheMonitorAndTheNextRunSeesThePreviousResult() async throws {
        let probe = ScriptedProbe { _, run in
            ProbeResult(status: .up, details: .object(["run": .number(Double(run))]),
                        events: run == 2 ? [ProbeEvent(name: "test.changed", payload: .object(["run": .number(2)]))] : [])
        }
        let harness = try await SchedulerHarness(probe: probe)
        let subscription = harness.events.subscribe()
        let task = harness.start()
        defer { task.cancel() }
        let monitor = try await harness.add(target: "a", interval: 1, timeout: 0.5)
        var received: Event?
        for await event in subscription {
            if case .plugin(let name, _) = event.kind, name == "test.changed" { received = event; break }
        }
        guard case .plugin(_, let payload)? = received?.kind else { Issue.record("no plugin event"); return }
        #expect(payload["monitorID"]?.stringValue == "\(monitor.id)")
        #expect(payload["run"] == .number(2))
        #expect(received?.tenantID == harness.tenant)
        #expect(probe.lastPrevious(of: "a")?.details["run"] == .number(1))
    }

    @Test func theFirstRunAfterARestartIsGivenTheLastStoredResult() async throws {
        let probe = ScriptedProbe { _, _ in ProbeResult(status: .up) }
        let harness = try await SchedulerHarness(probe: probe)
        let monitor = Monitor(tenantID: harness.tenant, name: "a", kind: "scripted", target: "a", interval: 0.2, timeout: 0.1)
        try await harness.store.monitors.create(monitor, tenant: harness.tenant)
        let stored = ProbeResult(status: .degraded, metrics: ["certificate_days_left": 5], details: .object(["run": .number(41)]))
        try await harness.store.results.append([ResultRecord(tenantID: harness.tenant, monitorID: monitor.id, kind: "scripted", target: "a",
                                                             startedAt: Date().addingTimeInterval(-60), duration: 0.01, result: stored)])
        let task = harness.start()
        #expect(await eventually { probe.runs(of: "a") >= 2 })
        task.cancel()
        _ = try? await task.value
        #expect(probe.firstPrevious(of: "a")?.details["run"] == .number(41), "the stored result stands in for the run before the restart")
        #expect(probe.lastPrevious(of: "a")?.status == .up, "later runs get the result of the run before them")
        #expect(await harness.store.resultListCalls() == 0, "the last result came with the start-up load, not a read per monitor")
    }
}
