import Foundation
import Kernel

/// Trace runs in PostgreSQL: the run as a JSON document, with the tenant, target, origin hosts
/// (`,id,id,` for a LIKE filter) and start time (epoch seconds) beside it for listing.
struct PostgresTraceRepository: TraceRepository {
    let pool: PGConnectionPool

    func create(_ run: TraceRun) async throws {
        let document = try JSONDocument.encode(run)
        do {
            try await pool.withConnection { connection in
                try connection.query("INSERT INTO traces (id, tenant_id, target, origin_hosts, created_at, document) VALUES ($1, $2, $3, $4, $5, $6)",
                                     [run.id.description, run.tenantID.description, PGValues.text(run.target), hostList(run),
                                      PGValues.epoch(run.createdAt), PGValues.text(document)])
            }
        } catch {
            throw error.asStoreError(entity: "trace", conflict: "a trace with id \(run.id) exists, or its tenant does not")
        }
    }

    func update(_ run: TraceRun) async throws {
        let document = try JSONDocument.encode(run)
        let changed = try await pool.withConnection { connection in
            try connection.query("UPDATE traces SET document = $1 WHERE id = $2 AND tenant_id = $3",
                                 [PGValues.text(document), run.id.description, run.tenantID.description]).affected
        }
        if changed == 0 { throw StoreError.notFound(entity: "trace", id: run.id.description) }
    }

    func get(_ id: TraceRunID, tenant: TenantID) async throws -> TraceRun? {
        try await pool.withConnection { connection in
            try connection.query("SELECT document FROM traces WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).first
        }.flatMap { JSONDocument.decode(TraceRun.self, from: $0["document"]) }
    }

    func list(tenant: TenantID, filter: TraceFilter, page: PageRequest) async throws -> Page<TraceRun> {
        var conditions = ["tenant_id = $1", "seq < $2"]
        var parameters: [String?] = [tenant.description, String(page.cursor.flatMap(Int64.init) ?? Int64.max)]
        func add(_ condition: String, _ value: String) {
            parameters.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        if let target = filter.target { add("target = ?", PGValues.text(target)) }
        if let host = filter.host { add("origin_hosts LIKE ?", "%,\(host.description),%") }
        if let from = filter.from { add("created_at >= ?", PGValues.epoch(from)) }
        if let to = filter.to { add("created_at < ?", PGValues.epoch(to)) }
        parameters.append(String(page.limit + 1))
        return try await rows("SELECT seq, document FROM traces WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT $\(parameters.count)",
                              parameters, limit: page.limit)
    }

    func delete(_ id: TraceRunID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM traces WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).affected > 0
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM traces WHERE created_at < $1", [PGValues.epoch(date)]).affected
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<TraceRun> {
        try await rows("SELECT seq, document FROM traces WHERE seq > $1 ORDER BY seq LIMIT $2",
                       [String(page.cursor.flatMap(Int64.init) ?? 0), String(page.limit + 1)], limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in _ = try connection.query("DELETE FROM traces") }
    }

    private func hostList(_ run: TraceRun) -> String { "," + run.hostIDs.map(\.description).joined(separator: ",") + "," }

    private func rows(_ sql: String, _ parameters: [String?], limit: Int) async throws -> Page<TraceRun> {
        let rows = try await pool.withConnection { connection in try connection.query(sql, parameters).all }
        return Page(sequenced: rows.compactMap { row in JSONDocument.decode(TraceRun.self, from: row["document"]).map { (row.int64("seq"), $0) } },
                    limit: limit)
    }
}
