import Foundation
import Kernel

/// Trace runs in memory, in creation order.
actor InMemoryTraces: TraceRepository {
    private var runs: [(seq: Int64, run: TraceRun)] = []
    private var nextSeq: Int64 = 1

    func create(_ run: TraceRun) throws {
        if runs.contains(where: { $0.run.id == run.id }) { throw StoreError.conflict(entity: "trace", detail: "id \(run.id) exists") }
        runs.append((nextSeq, run))
        nextSeq += 1
    }

    func update(_ run: TraceRun) throws {
        guard let index = runs.firstIndex(where: { $0.run.id == run.id && $0.run.tenantID == run.tenantID }) else {
            throw StoreError.notFound(entity: "trace", id: run.id.description)
        }
        runs[index].run = run
    }

    func get(_ id: TraceRunID, tenant: TenantID) -> TraceRun? {
        runs.first { $0.run.id == id && $0.run.tenantID == tenant }?.run
    }

    func list(tenant: TenantID, filter: TraceFilter, page: PageRequest) -> Page<TraceRun> {
        let before = page.cursor.flatMap(Int64.init) ?? .max
        let rows = runs.reversed().filter { row in
            let run = row.run
            return run.tenantID == tenant && row.seq < before && (filter.target.map { run.target == $0 } ?? true)
                && (filter.host.map { run.hostIDs.contains($0) } ?? true)
                && (filter.from.map { run.createdAt >= $0 } ?? true) && (filter.to.map { run.createdAt < $0 } ?? true)
        }
        return Page(sequenced: Array(rows.prefix(page.limit + 1).map { ($0.seq, $0.run) }), limit: page.limit)
    }

    func delete(_ id: TraceRunID, tenant: TenantID) -> Bool {
        guard let index = runs.firstIndex(where: { $0.run.id == id && $0.run.tenantID == tenant }) else { return false }
        runs.remove(at: index)
        return true
    }

    func prune(before date: Date) -> Int {
        let count = runs.count
        runs.removeAll { $0.run.createdAt < date }
        return count - runs.count
    }

    func listAllTenants(page: PageRequest) -> Page<TraceRun> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: Array(runs.filter { $0.seq > after }.prefix(page.limit + 1).map { ($0.seq, $0.run) }), limit: page.limit)
    }

    func eraseAllTenants() { runs.removeAll() }
}
