import Foundation
import Kernel

/// Remote hosts in PostgreSQL: the record as a JSON document (credentials already sealed),
/// with the columns that queries and constraints need beside it.
struct PostgresHostRepository: RemoteHostRepository {
    let pool: PGConnectionPool

    func create(_ host: RemoteHost, tenant: TenantID) async throws {
        guard host.tenantID == tenant else { throw StoreError.conflict(entity: "host", detail: "belongs to another tenant") }
        let document = try RemoteHostDocument.encode(host)
        do {
            try await pool.withConnection { connection in
                try connection.query("INSERT INTO hosts (id, tenant_id, name, host_key, document) VALUES ($1, $2, $3, $4, $5)",
                                     [host.id.description, tenant.description, PGValues.text(host.name), host.hostKey, PGValues.text(document)])
            }
        } catch {
            throw error.asStoreError(entity: "host", conflict: "a host with id \(host.id) or named \(host.name) exists")
        }
    }

    func get(_ id: RemoteHostID, tenant: TenantID) async throws -> RemoteHost? {
        try await pool.withConnection { connection in
            try connection.query("SELECT document FROM hosts WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).first
        }.flatMap { RemoteHostDocument.decode($0["document"]) }
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<RemoteHost> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await rows("SELECT seq, document FROM hosts WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                              [tenant.description, String(after), String(page.limit + 1)], limit: page.limit)
    }

    func update(_ host: RemoteHost, tenant: TenantID) async throws {
        let document = try RemoteHostDocument.encode(host)
        let changed: Int
        do {
            changed = try await pool.withConnection { connection in
                try connection.query("UPDATE hosts SET name = $1, host_key = $2, document = $3 WHERE id = $4 AND tenant_id = $5",
                                     [PGValues.text(host.name), host.hostKey, PGValues.text(document), host.id.description, tenant.description]).affected
            }
        } catch {
            throw error.asStoreError(entity: "host", conflict: "a host named \(host.name) exists")
        }
        if changed == 0 { throw StoreError.notFound(entity: "host", id: host.id.description) }
    }

    func delete(_ id: RemoteHostID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM hosts WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).affected > 0
        }
    }

    func pinHostKey(_ fingerprint: String, host id: RemoteHostID, tenant: TenantID, expected: String?) async throws -> Bool {
        // One statement: the condition on the pinned key and the change are atomic, so two
        // servers recording a first key at once cannot both win.
        try await pool.withConnection { connection in
            try connection.query("""
                UPDATE hosts SET host_key = $1,
                    document = jsonb_set(jsonb_set(document::jsonb, '{hostKey}', to_jsonb($1::text)),
                                         '{updatedAt}', to_jsonb(extract(epoch from now())))::text
                WHERE id = $2 AND tenant_id = $3 AND host_key IS NOT DISTINCT FROM $4
                """, [fingerprint, id.description, tenant.description, expected]).affected > 0
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<RemoteHost> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await rows("SELECT seq, document FROM hosts WHERE seq > $1 ORDER BY seq LIMIT $2",
                              [String(after), String(page.limit + 1)], limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in _ = try connection.query("DELETE FROM hosts") }
    }

    private func rows(_ sql: String, _ parameters: [String?], limit: Int) async throws -> Page<RemoteHost> {
        let rows = try await pool.withConnection { connection in try connection.query(sql, parameters).all }
        return Page(sequenced: rows.compactMap { row in RemoteHostDocument.decode(row["document"]).map { (row.int64("seq"), $0) } }, limit: limit)
    }
}
