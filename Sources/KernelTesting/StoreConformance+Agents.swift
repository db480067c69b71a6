import Foundation
import Kernel

extension StoreConformance {
    static func agents(of store: any Store) throws -> any AgentRepository {
        guard let agents = (store as? any AgentStore)?.agents else { throw ConformanceFailure(message: "the store keeps no agents", location: #fileID) }
        return agents
    }

    static func agent(_ name: String, enrolled: Double = 0) -> Agent {
        Agent(id: .random(), name: name, version: "0.19.0", address: "198.51.100.7", plugins: ["tcp", "icmp"],
              enrolledAt: Date(timeIntervalSince1970: 1_700_000_000 + enrolled))
    }

    /// Cases for `AgentStore`s, added by `cases(for:)` to every store type that conforms.
    static let agentCases: [StoreConformanceCase] = [
        .init("agents: enrolled pending, seen by every tenant until approved into one, then only by it") { store in
            let agents = try agents(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let a = agent("a", enrolled: 1), b = agent("b", enrolled: 2)
            try await agents.create(a)
            try await agents.create(b)
            try expectEqual(try await agents.get(a.id), a, "read back as written")
            try expectEqual(try await agents.list(visibleTo: other, page: PageRequest()).items.map(\.name), ["a", "b"], "pending: any tenant sees them")
            var approved = a
            approved.status = .approved
            approved.tenantID = tenant
            approved.labels = ["eu", "dc:fra1"]
            approved.decidedAt = Date(timeIntervalSince1970: 1_700_000_100)
            try expectEqual(try await agents.update(approved, expectedRevision: 0), true, "approved")
            let stored = try await agents.get(a.id)
            try expectEqual(stored?.status, .approved, "status stored")
            try expectEqual(stored?.labels, ["eu", "dc:fra1"], "labels stored")
            try expectEqual(stored?.revision, 1, "revision bumped")
            try expectEqual(try await agents.list(visibleTo: other, page: PageRequest()).items.map(\.name), ["b"], "another tenant no longer sees it")
            let first = try await agents.list(visibleTo: tenant, page: PageRequest(limit: 1))
            try expectEqual(first.items.map(\.name), ["a"], "enrolment order")
            let second = try await agents.list(visibleTo: tenant, page: PageRequest(limit: 1, cursor: first.nextCursor))
            try expectEqual(second.items.map(\.name), ["b"], "the next page")
            try expectEqual(second.nextCursor, nil, "the last page")
            try expectEqual(try await agents.listAll(page: PageRequest()).items.count, 2, "listAll sees every agent")
        },
        .init("agents: a stale revision loses, an existing id conflicts, heartbeats do not race decisions") { store in
            let agents = try agents(of: store)
            let a = agent("a")
            try await agents.create(a)
            try await expectThrows("same id", matching: { $0 is StoreError }) { try await agents.create(a) }
            var first = a
            first.status = .revoked
            try expectEqual(try await agents.update(first, expectedRevision: 0), true, "the first change wins")
            var second = a
            second.status = .approved
            try expectEqual(try await agents.update(second, expectedRevision: 0), false, "a change from the old revision loses")
            try expectEqual(try await agents.get(a.id)?.status, .revoked, "the first change stands")
            let heard = Date(timeIntervalSince1970: 1_700_000_500)
            try await agents.seen(a.id, at: heard, spoolDepth: 42)
            let seen = try await agents.get(a.id)
            try expectEqual(seen?.lastSeenAt, heard, "last seen stored")
            try expectEqual(seen?.spoolDepth, 42, "spool depth stored")
            try expectEqual(seen?.revision, 1, "a heartbeat is not a change")
            try expectEqual(seen?.status, .revoked, "a heartbeat keeps the status")
            try expectEqual(try await agents.update(agent("ghost"), expectedRevision: 0), false, "an unknown agent is not updated")
            try await agents.eraseAll()
            try expectEqual(try await agents.listAll(page: PageRequest()).items.count, 0, "erased")
        },
        .init("agents: each location's state of a monitor is kept, replaced, and read within its tenant") { store in
            let agents = try agents(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let down = MonitorState(status: .down, consecutiveFailures: 2, lastCheckedAt: Date(timeIntervalSince1970: 1_700_000_000))
            try await agents.saveLocationStates([
                LocationState(tenantID: tenant, monitorID: monitor.id, location: "a", state: MonitorState(status: .up)),
                LocationState(tenantID: tenant, monitorID: monitor.id, location: "b", state: MonitorState(status: .up)),
                LocationState(tenantID: tenant, monitorID: monitor.id, location: "a", state: down),
                LocationState(tenantID: tenant, monitorID: .random(), location: "a", state: down),
            ])
            let states = try await agents.locationStates(of: monitor.id, tenant: tenant)
            try expectEqual(states, ["a": down, "b": MonitorState(status: .up)], "the last of each location wins")
            try expectEqual(try await agents.locationStates(of: monitor.id, tenant: other), [:], "another tenant reads none")
            let all = try await agents.allLocationStates().filter { $0.monitorID == monitor.id }
            try expectEqual(all, [LocationState(tenantID: tenant, monitorID: monitor.id, location: "a", state: down),
                                  LocationState(tenantID: tenant, monitorID: monitor.id, location: "b", state: MonitorState(status: .up))],
                            "every location state listed for migration, with its tenant")
        },
    ]
}
