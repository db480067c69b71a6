import Foundation
import Kernel
import KernelTesting
import Synchronization
import Testing

/// Probe events and the previous result, the mechanism behind `dns.answer_changed`.
struct SchedulerProbeEventTests {
    @Test func eventsOfAResultArePublishedWithTheMonitorAndTheNextRunSeesThePreviousResult() async throws {
        let probe = ScriptedProbe { _, run in
            ProbeResult(status: .up, details: .object(["run": .number(Double(run))]),
                        events: run == 2 ? [ProbeEvent(name: "test.changed", payload: .object(["run": .number(2)]))] : [])
        }
        let harness = try await SchedulerHarness(probe: probe)
        let subscription = harness.events.subscribe(EventFilter(topics: ["test.changed"]))
        let received = Mutex<Event?>(nil)
        let watcher = Task {
            for await event in subscription {
                received.withLock { $0 = event }
                break
            }
        }
        let task = await harness.start()
        let monitor = try await harness.add(target: "a", interval: 1, timeout: 0.5)
        #expect(await harness.advance(until: { received.withLock { $0 != nil } }))
        await harness.stop(task)
        watcher.cancel()
        let event = try #require(received.withLock { $0 }, "no plugin event")
        let payload = event.json
        #expect(event.name == "test.changed")
        #expect(payload["monitorID"]?.stringValue == "\(monitor.id)")
        #expect(payload["run"] == .number(2))
        #expect(received.withLock { $0 }?.tenantID == harness.tenant)
        #expect(probe.lastPrevious(of: "a")?.details["run"] == .number(1))
    }

    @Test func theFirstRunAfterARestartIsGivenTheLastStoredResult() async throws {
        let probe = ScriptedProbe { _, _ in ProbeResult(status: .up) }
        let harness = try await SchedulerHarness(probe: probe)
        let monitor = Monitor(tenantID: harness.tenant, name: "a", kind: "scripted", target: "a", interval: 0.2, timeout: 0.1)
        try await harness.store.monitors.create(monitor, tenant: harness.tenant)
        let stored = ProbeResult(status: .degraded, metrics: ["certificate_days_left": 5], details: .object(["run": .number(41)]))
        try await harness.store.results.append([ResultRecord(tenantID: harness.tenant, monitorID: monitor.id, kind: "scripted", target: "a",
                                                             startedAt: harness.clock.now.addingTimeInterval(-60), duration: 0.01, result: stored)])
        let task = await harness.start()
        #expect(await harness.advance(until: { probe.runs(of: "a") >= 2 }))
        await harness.stop(task)
        #expect(probe.firstPrevious(of: "a")?.details["run"] == .number(41), "the stored result stands in for the run before the restart")
        #expect(probe.lastPrevious(of: "a")?.status == .up, "later runs get the result of the run before them")
        #expect(await harness.store.resultListCalls() == 0, "the last result came with the start-up load, not a read per monitor")
    }
}
