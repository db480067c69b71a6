import Foundation
import Kernel

extension StoreConformance {
    /// Reads by location: the servers' results (no location) and each agent's, apart and together.
    static let locationCases: [StoreConformanceCase] = [
        .init("results: history, status buckets and uptime per location and overall") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let near = AgentID.random().description, far = AgentID.random().description
            var records: [ResultRecord] = []
            for minute in 0..<6 {
                records.append(Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double(minute) * 60))
                var fromNear = Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double(minute) * 60 + 1, status: minute < 3 ? .up : .down)
                fromNear.location = near
                var fromFar = Fixtures.record(tenant: tenant, monitor: monitor.id, at: Double(minute) * 60 + 2, status: .degraded)
                fromFar.location = far
                records += [fromNear, fromFar]
            }
            try await store.results.append(records)
            let page = PageRequest(limit: 100)
            let all = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), location: nil, from: nil, to: nil, page: page)
            try expectEqual(all.items.count, 18, "every location's results overall")
            let server = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), location: .server, from: nil, to: nil, page: page)
            try expectEqual(server.items.count, 6, "the servers' own")
            try expect(server.items.allSatisfy { $0.location == nil }, "no location on the servers' results")
            let nearPage = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), location: .agent(near),
                                                        from: Fixtures.time(120), to: nil, page: PageRequest(limit: 2))
            try expectEqual(nearPage.items.map(\.location), [near, near], "one agent's, paged")
            try expect(Fixtures.close(nearPage.items.first?.startedAt, Fixtures.time(301)), "newest first")
            let rest = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), location: .agent(near),
                                                    from: Fixtures.time(120), to: nil, page: PageRequest(limit: 2, cursor: nearPage.nextCursor))
            try expectEqual(rest.items.count, 2, "the next page keeps the location")
            try expect(rest.items.allSatisfy { $0.location == near }, "of the same agent")

            let buckets = try await store.results.statusBuckets(tenant: tenant, monitor: monitor.id, location: .agent(near),
                                                                from: Fixtures.time(0), to: Fixtures.time(360), bucketSeconds: 180)
            try expectEqual(buckets.map(\.up), [3, 0], "the agent's up results by bucket")
            try expectEqual(buckets.map(\.down), [0, 3], "and its down ones")
            let overall = try await store.results.statusBuckets(tenant: tenant, monitor: monitor.id, location: nil,
                                                                from: Fixtures.time(0), to: Fixtures.time(360), bucketSeconds: 180)
            try expectEqual(overall.map(\.degraded), [3, 3], "overall counts every location")
            let uptime = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: .agent(far), since: Fixtures.time(0))
            try expectEqual(uptime.checks, 6, "the far agent's checks")
            try expectEqual(uptime.degraded, 6, "all degraded")
            let serverUptime = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: .server, since: Fixtures.time(0))
            try expectEqual(serverUptime.up, 6, "the servers' all up")
            let none = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: .agent(AgentID.random().description), since: Fixtures.time(0))
            try expectEqual(none.checks, 0, "an agent that never ran it has none")
        },
    ]
}
