import Foundation
import GRDB
import Kernel

/// Trace runs in SQLite: the run as a JSON document, with the tenant, target, origin hosts
/// (`,id,id,` for a LIKE filter) and start time beside it for listing.
struct SQLiteTraceRepository: TraceRepository {
    let pool: DatabasePool

    func create(_ run: TraceRun) async throws {
        let document = try JSONDocument.encode(run)
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO traces (id, tenant_id, target, origin_hosts, created_at, document) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [run.id.description, run.tenantID.description, run.target, Self.hostList(run),
                                           run.createdAt.timeIntervalSince1970, document])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "trace", detail: "a trace with id \(run.id) exists, or its tenant does not")
        }
    }

    func update(_ run: TraceRun) async throws {
        let document = try JSONDocument.encode(run)
        let changed = try await pool.write { db in
            try db.execute(sql: "UPDATE traces SET document = ? WHERE id = ? AND tenant_id = ?",
                           arguments: [document, run.id.description, run.tenantID.description])
            return db.changesCount
        }
        if changed == 0 { throw StoreError.notFound(entity: "trace", id: run.id.description) }
    }

    func get(_ id: TraceRunID, tenant: TenantID) async throws -> TraceRun? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM traces WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
        }.flatMap { JSONDocument.decode(TraceRun.self, from: $0) }
    }

    func list(tenant: TenantID, filter: TraceFilter, page: PageRequest) async throws -> Page<TraceRun> {
        var conditions = ["tenant_id = ?", "seq < ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [tenant.description, page.cursor.flatMap(Int64.init) ?? Int64.max]
        if let target = filter.target { conditions.append("target = ?"); arguments.append(target) }
        if let host = filter.host { conditions.append("origin_hosts LIKE ?"); arguments.append("%,\(host.description),%") }
        if let from = filter.from { conditions.append("created_at >= ?"); arguments.append(from.timeIntervalSince1970) }
        if let to = filter.to { conditions.append("created_at < ?"); arguments.append(to.timeIntervalSince1970) }
        arguments.append(page.limit + 1)
        let sql = "SELECT seq, document FROM traces WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
        return try await rows(sql, StatementArguments(arguments), limit: page.limit)
    }

    func delete(_ id: TraceRunID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM traces WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
            return db.changesCount > 0
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM traces WHERE created_at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<TraceRun> {
        try await rows("SELECT seq, document FROM traces WHERE seq > ? ORDER BY seq LIMIT ?",
                       [page.cursor.flatMap(Int64.init) ?? 0, page.limit + 1], limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM traces") }
    }

    /// `,id,id,`: the origin hosts, delimited for `LIKE '%,id,%'`.
    static func hostList(_ run: TraceRun) -> String { "," + run.hostIDs.map(\.description).joined(separator: ",") + "," }

    private func rows(_ sql: String, _ arguments: StatementArguments, limit: Int) async throws -> Page<TraceRun> {
        let rows: [(Int64, TraceRun)] = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                JSONDocument.decode(TraceRun.self, from: row["document"]).map { (row["seq"], $0) }
            }
        }
        return Page(sequenced: rows, limit: limit)
    }
}
