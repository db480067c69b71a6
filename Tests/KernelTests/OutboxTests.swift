import Foundation
import Kernel
import KernelTesting
import Synchronization
import Testing

/// The event outbox: status changes are stored with the results that caused them, and a
/// consumer that was not listening when they were published reads them from its cursor.
struct OutboxTests {
    @Test func aConsumerThatMissedTheBusFindsEveryStatusChangeInTheOutbox() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, run in
            ProbeResult(status: run <= 2 ? .up : .down, failure: run <= 2 ? nil : ProbeFailure(code: "refused", message: "no"))
        })
        let task = await harness.start()
        let monitor = try await harness.add(target: "m", interval: 0.2)
        let feed = OutboxFeed(checks: harness.store.checks, names: [MonitorStatusChanged.eventName])
        #expect(try await harness.advance(until: { try await feed.next(after: 0).entries.count >= 2 }))
        await harness.stop(task)
        let (entries, cursor) = try await feed.next(after: 0)
        let changes = entries.compactMap { $0.event.payload(as: MonitorStatusChanged.self) }
        #expect(changes.map(\.to) == [.up, .down])
        #expect(changes.allSatisfy { $0.monitorID == monitor.id })
        #expect(changes.last?.failure?.code == "refused")
        let results = try await harness.results(monitor)
        #expect(results.contains { $0.result.status == .down }, "the result that caused the change is stored with it")
        #expect(try await feed.next(after: cursor).entries.isEmpty, "nothing after the cursor")
    }

    @Test func followingDeliversInOrderAndAgainAfterAFailedHandling() async throws {
        let store = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: store)
        let bus = EventBus()
        let clock = ManualClock()
        let feed = OutboxFeed(checks: store.checks, names: ["test.alert"])
        let handled = Mutex<[String]>([])
        let attempts = Mutex(0)
        let follower = Task {
            await feed.follow(from: 0, bus: bus, every: 60, clock: clock) { entries, _ in
                let attempt = attempts.withLock { $0 += 1; return $0 }
                if attempt == 1 { throw CancellationError() }
                handled.withLock { $0 += entries.map { $0.event.json.stringValue ?? "" } }
            }
        }
        // Following: subscribed to the bus and its timer asleep on the clock.
        #expect(await eventually { bus.subscriberCount == 1 && clock.sleepers == 1 })
        let events = ["a", "b"].map { Event(tenantID: tenant, name: "test.alert", json: .string($0)) }
        try await store.checks.commit(CheckBatch(events: events + [Event(tenantID: tenant, name: "test.other", json: .null)]))
        for event in events { bus.publish(event) }
        #expect(await eventually { attempts.withLock { $0 } >= 1 }, "the bus wakes the follower")
        clock.advance(by: 61)
        #expect(await eventually { handled.withLock { $0 } == ["a", "b"] }, "delivered again after the failure, in order, once")
        let c = Event(tenantID: tenant, name: "test.alert", json: .string("c"))
        try await store.checks.commit(CheckBatch(events: [c]))
        bus.publish(c)
        #expect(await eventually { handled.withLock { $0 } == ["a", "b", "c"] })
        follower.cancel()
        await follower.value
    }
}

/// Results on the bus: live views see each stored result; the relay between servers does not.
struct ResultEventTests {
    @Test func eachStoredResultIsPublishedForLiveViewsAndNeverRelayed() async throws {
        let harness = try await SchedulerHarness(probe: ScriptedProbe { _, _ in ProbeResult(status: .up, latency: 0.002) })
        let live = harness.events.subscribe(EventFilter(tenant: harness.tenant, topics: [MonitorChecked.eventName]))
        let relay = EventFilter(includesLocalOnly: false)
        let seen = Mutex<[MonitorChecked]>([])
        let relayedChecks = Mutex(0)
        let watcher = Task {
            for await event in live {
                if relay.admits(event) { relayedChecks.withLock { $0 += 1 } }
                if let checked = event.payload(as: MonitorChecked.self) { seen.withLock { $0.append(checked) } }
            }
        }
        let task = await harness.start()
        let monitor = try await harness.add(target: "m", interval: 0.2)
        #expect(await harness.advance(until: { seen.withLock { $0.count } >= 3 }))
        await harness.stop(task)
        watcher.cancel()
        let stored = try await harness.results(monitor)
        let checks = seen.withLock { $0 }
        #expect(checks.allSatisfy { $0.monitorID == monitor.id && $0.status == .up && $0.latency == 0.002 })
        #expect(checks.allSatisfy { check in stored.contains { abs($0.startedAt.timeIntervalSince(check.startedAt)) < 0.001 } },
                "every result published is a stored one")
        #expect(relayedChecks.withLock { $0 } == 0, "the relay's filter admits none of them")
    }

    @Test func theRelayServiceSendsChangesButNotResults() async throws {
        let bus = EventBus()
        let relay = RecordingRelay()
        let service = EventRelayService(bus: bus, relay: relay, serverID: "a", logger: .init(label: "test"))
        let running = Task { try await service.run() }
        #expect(await eventually { bus.subscriberCount >= 1 })
        #expect(!bus.hasSubscribers(for: MonitorChecked.self), "nobody wants results: none are built")
        let record = ResultRecord(tenantID: .defaultTenant, monitorID: .random(), kind: "tcp", target: "x:1", startedAt: Date(), duration: 0.01,
                                  result: ProbeResult(status: .up))
        bus.publish(Event(tenantID: .defaultTenant, MonitorChecked(record)!))
        let created = Event(tenantID: .defaultTenant, MonitorCreated(monitorID: .random()))
        bus.publish(created)
        #expect(await eventually { relay.sent.count == 1 })
        #expect(relay.sent.map(\.id) == [created.id])
        running.cancel()
        _ = try? await running.value
    }
}

/// An `EventRelay` that records what it was given to send.
final class RecordingRelay: EventRelay, Sendable {
    private let log = Mutex<[Event]>([])
    var sent: [Event] { log.withLock { $0 } }
    func send(_ event: Event) async throws { log.withLock { $0.append(event) } }
    func receive() -> AsyncStream<Event> { AsyncStream { _ in } }
}
