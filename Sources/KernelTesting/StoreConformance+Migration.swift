import Foundation
import Kernel

extension StoreConformance {
    /// What `vantage store migrate` relies on: reading everything out, and starting over.
    static let exportCases: [StoreConformanceCase] = [
        .init("tenants: pages of every tenant cover each once, oldest first") { store in
            var created: [TenantID] = []
            for index in 0..<5 { created.append(try await Fixtures.tenant(in: store, name: "T\(index)")) }
            var seen: [TenantID] = []
            var cursor: String?
            repeat {
                let page = try await store.tenants.listAllTenants(page: PageRequest(limit: 2, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            try expectEqual(seen, created, "tenants in creation order")
        },
        .init("results: export reads every tenant's results in stored order, in batches") { store in
            let a = try await Fixtures.tenant(in: store, name: "A")
            let b = try await Fixtures.tenant(in: store, name: "B")
            let monitor = Fixtures.monitor(tenant: a)
            try await store.monitors.create(monitor, tenant: a)
            try await store.results.append([Fixtures.record(tenant: a, monitor: monitor.id, at: 30),
                                            Fixtures.record(tenant: b, monitor: nil, at: 10, status: .down),
                                            Fixtures.record(tenant: a, monitor: monitor.id, at: 20, status: .degraded)])
            let first = try await store.results.exportAllTenants(afterID: nil, limit: 2)
            let rest = try await store.results.exportAllTenants(afterID: first.last?.id, limit: 2)
            let all = first + rest
            try expectEqual(all.map(\.result.status), [.up, .down, .degraded], "stored order across tenants")
            try expectEqual(all.map(\.tenantID), [a, b, a], "tenants kept")
            try expect(Fixtures.close(all[1].startedAt, Fixtures.time(10)), "time kept")
            try expectEqual(all[1].result.failure, Fixtures.record(tenant: b, monitor: nil, at: 10, status: .down).result.failure, "failure kept")
            try await expectEqual(store.results.exportAllTenants(afterID: all.last?.id, limit: 10).count, 0, "nothing after the last")
        },
        .init("erase: removes every record of every tenant") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try await store.results.append([Fixtures.record(tenant: tenant, monitor: monitor.id, at: 1)])
            try await store.users.create(User(email: "a@example.net", username: "a", passwordHash: "x"))
            try await store.eraseAllTenants()
            try await expectEqual(store.tenants.get(tenant).map(\.id), nil, "tenant gone")
            try await expectEqual(store.users.count(), 0, "users gone")
            try await expectEqual(store.monitors.listAllTenantsForScheduling().count, 0, "monitors gone")
            try await expectEqual(store.results.exportAllTenants(afterID: nil, limit: 10).count, 0, "results gone")
            _ = try await Fixtures.tenant(in: store)
        },
    ]
}
