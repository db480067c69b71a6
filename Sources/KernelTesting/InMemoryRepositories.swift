import Foundation
import Kernel

struct InMemoryTenants: TenantRepository {
    let data: InMemoryData
    func create(_ tenant: Tenant) async throws { try await data.createTenant(tenant) }
    func get(_ id: TenantID) async throws -> Tenant? { try await data.tenant(id) }
    func ensure(_ tenant: Tenant) async throws -> Tenant { try await data.ensure(tenant) }
    func listAllTenants(page: PageRequest) async throws -> Page<Tenant> { try await data.allTenants(page: page) }
    func setEgress(_ policy: EgressPolicy, tenant: TenantID) async throws { try await data.setEgress(policy, tenant: tenant) }
}

struct InMemoryMonitors: MonitorRepository {
    let data: InMemoryData
    func create(_ monitor: Monitor, tenant: TenantID) async throws { try await data.create(monitor, tenant: tenant) }
    func createAll(_ monitors: [Monitor], tenant: TenantID) async throws { try await data.createAll(monitors, tenant: tenant) }
    func get(_ id: MonitorID, tenant: TenantID) async throws -> Monitor? { try await data.monitor(id, tenant: tenant) }
    func list(tenant: TenantID, page: PageRequest) async throws -> Page<Monitor> { try await data.list(tenant: tenant, page: page) }
    func update(_ monitor: Monitor, tenant: TenantID) async throws { try await data.update(monitor, tenant: tenant) }
    func delete(_ id: MonitorID, tenant: TenantID) async throws -> Bool { try await data.delete(id, tenant: tenant) }
    func state(of id: MonitorID, tenant: TenantID) async throws -> MonitorState? { try await data.state(id, tenant: tenant) }
    func states(of ids: [MonitorID], tenant: TenantID) async throws -> [MonitorID: MonitorState] {
        var found: [MonitorID: MonitorState] = [:]
        for id in ids { found[id] = try await data.state(id, tenant: tenant) }
        return found
    }
    func saveStates(_ updates: [MonitorStateUpdate]) async throws { try await data.save(updates) }
    func listAllTenantsForScheduling() async throws -> [(Monitor, MonitorState?)] { try await data.all() }
}

struct InMemoryResults: ResultRepository {
    let data: InMemoryData

    func append(_ records: [ResultRecord]) async throws { try await data.append(records) }

    func list(tenant: TenantID, scope: ResultScope, location: ResultLocation?, from: Date?, to: Date?, page: PageRequest) async throws -> Page<ResultRecord> {
        await data.countResultList()
        var matching = try await data.results(tenant: tenant, scope: scope, from: from, to: to).reversed()
            .filter { location?.contains($0) ?? true }
        if let cursor = page.cursor.flatMap(Int64.init) { matching = matching.filter { ($0.id ?? 0) < cursor } }
        let items = Array(matching.prefix(page.limit))
        return Page(items: items, nextCursor: matching.count > page.limit ? items.last?.id.map(String.init) : nil)
    }

    func statusBuckets(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, from: Date, to: Date, bucketSeconds: Int) async throws -> [StatusBucket] {
        let width = Double(max(bucketSeconds, 1))
        let count = max(Int((to.timeIntervalSince(from) / width).rounded(.up)), 0)
        var buckets = (0..<count).map { StatusBucket(start: from.addingTimeInterval(Double($0) * width)) }
        for record in try await data.results(tenant: tenant, scope: .monitor(monitor), from: from, to: to) where location?.contains(record) ?? true {
            let index = Int(record.startedAt.timeIntervalSince(from) / width)
            guard buckets.indices.contains(index) else { continue }
            if record.maintenance {
                buckets[index].maintenance += 1
                continue
            }
            switch record.result.status {
            case .up: buckets[index].up += 1
            case .degraded: buckets[index].degraded += 1
            case .down: buckets[index].down += 1
            }
        }
        return buckets
    }

    func uptime(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, since: Date) async throws -> UptimeFigure {
        let all = try await data.results(tenant: tenant, scope: .monitor(monitor), from: since, to: nil).filter { location?.contains($0) ?? true }
        let records = all.filter { !$0.maintenance }
        let count = { (status: ProbeStatus) in records.filter { $0.result.status == status }.count }
        return UptimeFigure(checks: records.count, up: count(.up), degraded: count(.degraded), down: count(.down), maintenance: all.count - records.count)
    }

    func exportAllTenants(afterID: Int64?, limit: Int) async throws -> [ResultRecord] { try await data.export(afterID: afterID, limit: limit) }

    func latestOfEveryMonitor() async throws -> [ResultRecord] { try await data.latestOfEveryMonitor() }

    func pruneAllTenants(olderThan cutoff: Date) async throws -> Int { try await data.prune(before: cutoff) }
}
