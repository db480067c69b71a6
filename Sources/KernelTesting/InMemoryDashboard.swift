import Foundation
import Kernel

/// The dashboard's reads computed from the in-memory records on each call (a fake keeps no
/// rollup; it answers as the stores' rollups do, to the hour).
struct InMemoryDashboard: DashboardRepository {
    let data: InMemoryData
    let ingest: InMemoryIngest

    func monitorStatusCounts(tenant: TenantID) async throws -> MonitorStatusCounts {
        let monitors = await data.monitors.map(\.monitor).filter { $0.tenantID == tenant }
        let states = await data.states
        var counts = MonitorStatusCounts()
        for monitor in monitors { counts.add(monitor.paused ? .paused : states[monitor.id]?.state.status ?? .pending) }
        return counts
    }

    func checkTally(tenant: TenantID, since: Date) async throws -> CheckTally {
        let hour = Int64((since.timeIntervalSince1970 / 3600).rounded(.down))
        var tally = CheckTally()
        for (key, part) in CheckTally.hourly(await data.results) where key.tenantID == tenant && key.hour >= hour {
            tally.up += part.up
            tally.degraded += part.degraded
            tally.down += part.down
            tally.maintenance += part.maintenance
            tally.latencySum += part.latencySum
            tally.latencyCount += part.latencyCount
        }
        return tally
    }

    func timeline(tenant: TenantID, names: Set<String>, before: Date?, page: PageRequest) async throws -> Page<OutboxEntry> {
        let cursor = page.cursor.flatMap(Int64.init) ?? .max
        let selected = await data.outbox.reversed().filter { entry in
            entry.event.tenantID == tenant && entry.sequence < cursor && names.contains(entry.event.name)
                && (before.map { entry.event.occurredAt < $0 } ?? true)
        }
        return Page(sequenced: selected.prefix(page.limit + 1).map { ($0.sequence, $0) }, limit: page.limit)
    }

    func eventCount(tenant: TenantID, names: Set<String>, since: Date) async throws -> Int {
        await data.outbox.filter { $0.event.tenantID == tenant && names.contains($0.event.name) && $0.event.occurredAt >= since }.count
    }

    func connectionCount(tenant: TenantID, since: Date) async throws -> Int { await ingest.count(tenant: tenant, since: since) }

    func pruneRollups(before date: Date) async throws -> Int { 0 }
}
