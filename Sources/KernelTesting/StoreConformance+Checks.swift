import Foundation
import Kernel

extension StoreConformance {
    static let checkCases: [StoreConformanceCase] = [
        .init("checks: a batch raises its origin's delivery cursor with its results, and never lowers it") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try expectEqual(try await store.checks.deliveredSequence(origin: "agent:a"), 0, "no deliveries yet")
            var record = Fixtures.record(tenant: tenant, monitor: monitor.id, at: 1)
            record.location = "a"
            try await store.checks.commit(CheckBatch(results: [record], deliveries: [DeliveryCursor(origin: "agent:a", sequence: 7)]))
            try expectEqual(try await store.checks.deliveredSequence(origin: "agent:a"), 7, "raised with the batch")
            try await store.checks.commit(CheckBatch(deliveries: [DeliveryCursor(origin: "agent:a", sequence: 3)]))
            try expectEqual(try await store.checks.deliveredSequence(origin: "agent:a"), 7, "never lowered")
            try await store.checks.commit(CheckBatch(deliveries: [DeliveryCursor(origin: "agent:b", sequence: 2)]))
            try expectEqual(try await store.checks.deliveredSequence(origin: "agent:b"), 2, "origins are apart")
            try expectEqual(try await store.checks.deliveredSequence(origin: "agent:a"), 7, "origins are apart")
            try expectEqual(try await store.checks.deliveryCursors(), [DeliveryCursor(origin: "agent:a", sequence: 7), DeliveryCursor(origin: "agent:b", sequence: 2)],
                            "every cursor listed, by origin")
            let stored = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest())
            try expectEqual(stored.items.map(\.location), ["a"], "the result is stored with its location")
        },
        .init("checks: results, states and events are written together; the outbox is read in order from a cursor") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let start = try await store.checks.outboxAllTenants(after: 0, limit: 1000).last?.sequence ?? 0
            var state = MonitorState.initial
            state.status = .down
            state.consecutiveFailures = 3
            let change = MonitorStatusChanged(monitorID: monitor.id, from: .up, to: .down, failure: ProbeFailure(code: "refused", message: "no"))
            let changed = Event(tenantID: tenant, occurredAt: Fixtures.time(10), change)
            let custom = Event(tenantID: tenant, occurredAt: Fixtures.time(10), name: "tls.certificate_expiring", json: .object(["days": .number(5)]))
            try await store.checks.commit(CheckBatch(results: [Fixtures.record(tenant: tenant, monitor: monitor.id, at: 10, status: .down)],
                                                     states: [MonitorStateUpdate(tenantID: tenant, monitorID: monitor.id, state: state)],
                                                     events: [changed, custom]))
            let results = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest())
            try expectEqual(results.items.map(\.result.status), [.down], "the result is stored")
            try expectEqual(try await store.monitors.state(of: monitor.id, tenant: tenant)?.consecutiveFailures, 3, "the state is stored")
            let outbox = try await store.checks.outboxAllTenants(after: start, limit: 10)
            try expectEqual(outbox.map(\.event.id), [changed.id, custom.id], "the events, in order")
            try expect(outbox[0].sequence < outbox[1].sequence, "sequences increase")
            try expectEqual(outbox[0].event.payload(as: MonitorStatusChanged.self), change, "a typed payload reads back")
            try expectEqual(outbox[1].event.json["days"], .number(5), "a JSON payload reads back")
            try expectEqual(outbox[0].event.tenantID, tenant, "with its tenant")

            let second = Event(tenantID: tenant, occurredAt: Fixtures.time(20), MonitorStatusChanged(monitorID: monitor.id, from: .down, to: .up, failure: nil))
            try await store.checks.commit(CheckBatch(events: [second]))
            let after = try await store.checks.outboxAllTenants(after: outbox[1].sequence, limit: 10)
            try expectEqual(after.map(\.event.id), [second.id], "a cursor resumes after what it handled")
            try expectEqual(try await store.checks.outboxAllTenants(after: start, limit: 2).count, 2, "the limit holds")
        },
        .init("checks: a state of a deleted monitor is ignored; the outbox is pruned by time and erased with the rest") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try await store.monitors.delete(monitor.id, tenant: tenant)
            let start = try await store.checks.outboxAllTenants(after: 0, limit: 1000).last?.sequence ?? 0
            let old = Event(tenantID: tenant, occurredAt: Date().addingTimeInterval(-86_400 * 10), name: "test.old", json: .null)
            let recent = Event(tenantID: tenant, occurredAt: Date(), name: "test.recent", json: .null)
            try await store.checks.commit(CheckBatch(states: [MonitorStateUpdate(tenantID: tenant, monitorID: monitor.id, state: .initial)],
                                                     events: [old, recent]))
            try expectEqual(try await store.monitors.state(of: monitor.id, tenant: tenant), nil, "no state for a deleted monitor")
            let pruned = try await store.checks.pruneOutboxAllTenants(olderThan: Date().addingTimeInterval(-86_400))
            try expectEqual(pruned, 1, "the old event is pruned")
            try expectEqual(try await store.checks.outboxAllTenants(after: start, limit: 10).map(\.event.name), ["test.recent"], "the recent one stays")
            try await store.eraseAllTenants()
            try expectEqual(try await store.checks.outboxAllTenants(after: 0, limit: 10).count, 0, "erased with every tenant")
        },
    ]
}
