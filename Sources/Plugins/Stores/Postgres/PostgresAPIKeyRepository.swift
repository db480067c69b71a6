import Foundation
import Kernel

/// API keys in PostgreSQL.
struct PostgresAPIKeyRepository: APIKeyRepository {
    let pool: PGConnectionPool
    private static let columns = """
        id, tenant_id, name, prefix, secret_hash, scopes, created_by, \(PGValues.epochColumn("created_at")),
        \(PGValues.epochColumn("expires_at")), \(PGValues.epochColumn("last_used_at")), \(PGValues.epochColumn("revoked_at"))
        """

    func create(_ key: APIKey) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes, created_by, created_at, expires_at,
                        last_used_at, revoked_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), to_timestamp($9), to_timestamp($10), to_timestamp($11))
                    """, [key.id.description, key.tenantID.description, PGValues.text(key.name), key.prefix, key.secretHash,
                          Self.scopes(key), key.createdBy?.description, PGValues.epoch(key.createdAt), PGValues.epoch(key.expiresAt),
                          PGValues.epoch(key.lastUsedAt), PGValues.epoch(key.revokedAt)])
            }
        } catch {
            throw error.asStoreError(entity: "api key", conflict: "the id or prefix exists, or the tenant is unknown")
        }
    }

    func get(_ id: APIKeyID, tenant: TenantID) async throws -> APIKey? {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM api_keys WHERE id = $1 AND tenant_id = $2",
                                 [id.description, tenant.description]).first.flatMap(Self.key)
        }
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<APIKey> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT seq, \(Self.columns) FROM api_keys WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                                 [tenant.description, String(after), String(page.limit + 1)]).all
        }
        return Page(sequenced: rows.compactMap { row in Self.key(row).map { (row.int64("seq"), $0) } }, limit: page.limit)
    }

    func update(_ key: APIKey, tenant: TenantID) async throws {
        let changed = try await pool.withConnection { connection in
            try connection.query("""
                UPDATE api_keys SET name = $3, scopes = $4, expires_at = to_timestamp($5), revoked_at = to_timestamp($6)
                WHERE id = $1 AND tenant_id = $2
                """, [key.id.description, tenant.description, PGValues.text(key.name), Self.scopes(key),
                      PGValues.epoch(key.expiresAt), PGValues.epoch(key.revokedAt)]).affected
        }
        if changed == 0 { throw StoreError.notFound(entity: "api key", id: key.id.description) }
    }

    func delete(_ id: APIKeyID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM api_keys WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).affected > 0
        }
    }

    func findForAuthentication(prefix: String) async throws -> APIKey? {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM api_keys WHERE prefix = $1", [PGValues.text(prefix)]).first.flatMap(Self.key)
        }
    }

    func recordUse(_ id: APIKeyID, at time: Date) async throws {
        try await pool.withConnection { connection in
            try connection.query("UPDATE api_keys SET last_used_at = to_timestamp($2) WHERE id = $1", [id.description, PGValues.epoch(time)])
        }
    }

    private static func scopes(_ key: APIKey) -> String { key.scopes.map(\.rawValue).sorted().joined(separator: ",") }

    private static func key(_ row: PGRow) -> APIKey? {
        guard let id = APIKeyID(row.string("id")), let tenant = TenantID(row.string("tenant_id")) else { return nil }
        return APIKey(id: id, tenantID: tenant, name: row.string("name"), prefix: row.string("prefix"), secretHash: row.string("secret_hash"),
                      scopes: Set(row.string("scopes").split(separator: ",").compactMap { Scope(rawValue: String($0)) }),
                      createdBy: row["created_by"].flatMap(UserID.init), createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0),
                      expiresAt: row.date("expires_at"), lastUsedAt: row.date("last_used_at"), revokedAt: row.date("revoked_at"))
    }
}
