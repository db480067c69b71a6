import Foundation
import Kernel

extension StoreConformance {
    static func dashboard(of store: any Store) throws -> any DashboardRepository {
        guard let dashboard = (store as? any DashboardStore)?.dashboard else { throw ConformanceFailure(message: "the store has no dashboard", location: #fileID) }
        return dashboard
    }

    /// Cases for `DashboardStore`s, added by `cases(for:)` to every store type that conforms.
    static let dashboardCases: [StoreConformanceCase] = [
        .init("dashboard: monitors counted by status, paused as paused; checks tallied by hour from both write paths, per tenant") { store in
            let dashboard = try dashboard(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            var monitors = (0..<5).map { Fixtures.monitor(tenant: tenant, name: "m\($0)") }
            monitors[4].paused = true
            for monitor in monitors { try await store.monitors.create(monitor, tenant: tenant) }
            try await store.monitors.create(Fixtures.monitor(tenant: other), tenant: other)
            try await store.monitors.saveStates([
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[0].id, state: MonitorState(status: .up)),
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[1].id, state: MonitorState(status: .down)),
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[2].id, state: MonitorState(status: .degraded)),
                MonitorStateUpdate(tenantID: tenant, monitorID: monitors[4].id, state: MonitorState(status: .down)),
            ])
            try expectEqual(try await dashboard.monitorStatusCounts(tenant: tenant), MonitorStatusCounts(pending: 1, up: 1, degraded: 1, down: 1, paused: 1),
                            "counts")
            let hourStart = 3600.0 * 1000  // an hour boundary after Fixtures.time(0)
            var during = Fixtures.record(tenant: tenant, monitor: monitors[0].id, at: hourStart + 20, status: .down)
            during.maintenance = true
            try await store.results.append([
                Fixtures.record(tenant: tenant, monitor: monitors[0].id, at: hourStart + 10),
                Fixtures.record(tenant: tenant, monitor: monitors[1].id, at: hourStart + 3599, status: .down), during,
                Fixtures.record(tenant: tenant, monitor: nil, at: hourStart + 30),
                Fixtures.record(tenant: other, monitor: nil, at: hourStart + 40, status: .down),
                Fixtures.record(tenant: tenant, monitor: monitors[2].id, at: hourStart - 1, status: .down),
            ])
            try await store.checks.commit(CheckBatch(results: [Fixtures.record(tenant: tenant, monitor: monitors[2].id, at: hourStart + 3600, status: .degraded)]))
            let tally = try await dashboard.checkTally(tenant: tenant, since: Fixtures.time(hourStart + 1800))
            try expectEqual([tally.up, tally.degraded, tally.down, tally.maintenance, tally.latencyCount], [1, 1, 1, 1, 4],
                            "the hour holding since and after, monitors only, maintenance apart: \(tally)")
            try expect(abs(tally.latencySum - 0.044) < 1e-9 && tally.uptime == 2.0 / 3.0, "latencies summed: \(tally)")
            let all = try await dashboard.checkTally(tenant: tenant, since: Fixtures.time(0))
            try expectEqual(all.checks, 4, "the hour before counted when asked: \(all)")
            try expectEqual(try await dashboard.checkTally(tenant: other, since: Fixtures.time(0)).checks, 0, "another tenant's ad-hoc run is not a check")
            try await dashboard.pruneRollups(before: Fixtures.time(0))
        },
        .init("dashboard: the timeline is the tenant's named outbox events, newest first, paged") { store in
            let dashboard = try dashboard(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let monitor = MonitorID.random()
            var events: [Event] = []
            for index in 0..<4 {
                let down = index % 2 == 0
                let change = MonitorStatusChanged(monitorID: monitor, from: down ? .up : .down, to: down ? .down : .up, failure: nil)
                events.append(Event(tenantID: tenant, occurredAt: Fixtures.time(Double(index)), change))
            }
            events.append(Event(tenantID: tenant, occurredAt: Fixtures.time(9), MonitorCreated(monitorID: monitor)))
            events.append(Event(tenantID: other, occurredAt: Fixtures.time(9), MonitorStatusChanged(monitorID: monitor, from: .up, to: .down, failure: nil)))
            try await store.checks.commit(CheckBatch(events: events))
            let names: Set<String> = [MonitorStatusChanged.eventName]
            let first = try await dashboard.timeline(tenant: tenant, names: names, before: nil, page: PageRequest(limit: 3))
            try expectEqual(first.items.map(\.event.occurredAt.timeIntervalSince1970), [3, 2, 1].map { Fixtures.time($0).timeIntervalSince1970 },
                            "newest first, named events of the tenant only")
            let rest = try await dashboard.timeline(tenant: tenant, names: names, before: nil, page: PageRequest(limit: 3, cursor: first.nextCursor))
            try expectEqual(rest.items.count, 1, "the last page")
            try expectEqual(rest.nextCursor, nil, "no further page")
            let before = try await dashboard.timeline(tenant: tenant, names: names, before: Fixtures.time(2), page: PageRequest())
            try expectEqual(before.items.count, 2, "before a time")
            try expectEqual(try await dashboard.eventCount(tenant: tenant, names: names, since: Fixtures.time(1)), 3, "counted since a time")
        },
    ]
}
