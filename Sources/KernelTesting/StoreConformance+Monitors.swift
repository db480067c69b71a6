import Foundation
import Kernel

extension StoreConformance {
    static let monitorCases: [StoreConformanceCase] = [
        .init("monitors: create and get round-trip every field") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let stored = try await store.monitors.get(monitor.id, tenant: tenant)
            try expect(Fixtures.same(stored, monitor), "stored monitor \(String(describing: stored)) differs from \(monitor)")
        },
        .init("monitors: another tenant cannot read, list, change or delete them") { store in
            let owner = try await Fixtures.tenant(in: store, name: "A")
            let other = try await Fixtures.tenant(in: store, name: "B")
            var monitor = Fixtures.monitor(tenant: owner)
            try await store.monitors.create(monitor, tenant: owner)
            try await expectEqual(store.monitors.get(monitor.id, tenant: other) == nil, true, "get from other tenant")
            try await expectEqual(store.monitors.list(tenant: other, page: PageRequest()).items.count, 0, "list of other tenant")
            monitor.name = "stolen"
            try await expectThrows("update from other tenant", matching: { ($0 as? StoreError).map { if case .notFound = $0 { true } else { false } } ?? false }) {
                try await store.monitors.update(monitor, tenant: other)
            }
            try await expectEqual(store.monitors.delete(monitor.id, tenant: other), false, "delete from other tenant")
            try await expectEqual(store.monitors.get(monitor.id, tenant: owner)?.name, "web", "owner's monitor unchanged")
            try await expectThrows("create with mismatched tenant") {
                try await store.monitors.create(Fixtures.monitor(tenant: owner), tenant: other)
            }
        },
        .init("monitors: pages cover every monitor once, in creation order") { store in
            let tenant = try await Fixtures.tenant(in: store)
            var created: [MonitorID] = []
            for index in 0..<5 {
                let monitor = Fixtures.monitor(tenant: tenant, name: "m\(index)", created: Double(index))
                try await store.monitors.create(monitor, tenant: tenant)
                created.append(monitor.id)
            }
            var seen: [MonitorID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.monitors.list(tenant: tenant, page: PageRequest(limit: 2, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            try expectEqual(seen, created, "monitors over all pages")
            try expectEqual(pages, 3, "pages of 2 for 5 monitors")
        },
        .init("monitors: update replaces fields; unknown ids are not found") { store in
            let tenant = try await Fixtures.tenant(in: store)
            var monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            monitor.name = "renamed"
            monitor.paused = true
            monitor.interval = 30
            monitor.config = .object(["port": .number(8443)])
            monitor.tags = ["eu-west", "db"]
            monitor.updatedAt = Fixtures.time(10)
            try await store.monitors.update(monitor, tenant: tenant)
            let stored = try await store.monitors.get(monitor.id, tenant: tenant)
            try expect(Fixtures.same(stored, monitor), "updated monitor \(String(describing: stored))")
            try await expectThrows("update of an unknown id") {
                try await store.monitors.update(Fixtures.monitor(tenant: tenant), tenant: tenant)
            }
        },
        .init("monitors: delete removes the monitor, its state and its results") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try await store.monitors.saveStates([.init(tenantID: tenant, monitorID: monitor.id, state: MonitorState(status: .up))])
            try await store.results.append([Fixtures.record(tenant: tenant, monitor: monitor.id, at: 1)])
            try await expectEqual(store.monitors.delete(monitor.id, tenant: tenant), true, "delete")
            try await expectEqual(store.monitors.get(monitor.id, tenant: tenant) == nil, true, "get after delete")
            try await expectEqual(store.monitors.state(of: monitor.id, tenant: tenant) == nil, true, "state after delete")
            let results = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest())
            try expectEqual(results.items.count, 0, "results after delete")
            try await expectEqual(store.monitors.delete(monitor.id, tenant: tenant), false, "second delete")
        },
    ]

    static let stateCases: [StoreConformanceCase] = [
        .init("states: saved in batches, replaced, and loaded for scheduling across tenants") { store in
            let a = try await Fixtures.tenant(in: store, name: "A")
            let b = try await Fixtures.tenant(in: store, name: "B")
            let first = Fixtures.monitor(tenant: a), second = Fixtures.monitor(tenant: b)
            try await store.monitors.create(first, tenant: a)
            try await store.monitors.create(second, tenant: b)
            let down = MonitorState(status: .down, consecutiveFailures: 3, lastCheckedAt: Fixtures.time(5),
                                    nextRunAt: Fixtures.time(65), lastFailure: ProbeFailure(code: "timeout", message: "no answer"))
            try await store.monitors.saveStates([.init(tenantID: a, monitorID: first.id, state: MonitorState(status: .up))])
            try await store.monitors.saveStates([.init(tenantID: a, monitorID: first.id, state: down),
                                                 .init(tenantID: b, monitorID: MonitorID.random(), state: down)])
            try await expectEqual(store.monitors.state(of: first.id, tenant: a), down, "replaced state")
            try await expectEqual(store.monitors.state(of: first.id, tenant: b) == nil, true, "state from another tenant")
            try await expectEqual(store.monitors.states(of: [first.id, second.id], tenant: a), [first.id: down], "batched states of one tenant")
            try await expectEqual(store.monitors.states(of: [], tenant: a), [:], "batched states of no ids")
            let all = try await store.monitors.listAllTenantsForScheduling()
            try expectEqual(Set(all.map(\.0.id)), [first.id, second.id], "monitors of every tenant")
            try expectEqual(all.first { $0.0.id == first.id }?.1, down, "state loaded with its monitor")
            try expectEqual(all.first { $0.0.id == second.id }?.1 == nil, true, "monitor without state")
        },
    ]
}
