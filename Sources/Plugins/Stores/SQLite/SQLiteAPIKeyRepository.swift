import Foundation
import GRDB
import Kernel

/// API keys in SQLite.
struct SQLiteAPIKeyRepository: APIKeyRepository {
    let pool: DatabasePool
    static let columns = "id, tenant_id, name, prefix, secret_hash, scopes, created_by, created_at, expires_at, last_used_at, revoked_at"

    func create(_ key: APIKey) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO api_keys (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?)", arguments: [
                    key.id.description, key.tenantID.description, key.name, key.prefix, key.secretHash,
                    key.scopes.map(\.rawValue).sorted().joined(separator: ","), key.createdBy?.description,
                    key.createdAt.timeIntervalSince1970, key.expiresAt?.timeIntervalSince1970,
                    key.lastUsedAt?.timeIntervalSince1970, key.revokedAt?.timeIntervalSince1970])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "api key", detail: "the id or prefix exists, or the tenant is unknown")
        }
    }

    func get(_ id: APIKeyID, tenant: TenantID) async throws -> APIKey? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM api_keys WHERE id = ? AND tenant_id = ?"),
                             arguments: [id.description, tenant.description]).map(Self.key)
        }
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<APIKey> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, APIKey)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT seq, \(Self.columns) FROM api_keys WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
                             arguments: [tenant.description, after, page.limit + 1]).map { ($0["seq"], Self.key($0)) }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    func update(_ key: APIKey, tenant: TenantID) async throws {
        let changed = try await pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET name = ?, scopes = ?, expires_at = ?, revoked_at = ? WHERE id = ? AND tenant_id = ?",
                           arguments: [key.name, key.scopes.map(\.rawValue).sorted().joined(separator: ","),
                                       key.expiresAt?.timeIntervalSince1970, key.revokedAt?.timeIntervalSince1970,
                                       key.id.description, tenant.description])
            return db.changesCount
        }
        if changed == 0 { throw StoreError.notFound(entity: "api key", id: key.id.description) }
    }

    func delete(_ id: APIKeyID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM api_keys WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
            return db.changesCount > 0
        }
    }

    func findForAuthentication(prefix: String) async throws -> APIKey? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM api_keys WHERE prefix = ?"), arguments: [prefix]).map(Self.key)
        }
    }

    func recordUse(_ id: APIKeyID, at time: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ?", arguments: [time.timeIntervalSince1970, id.description])
        }
    }

    static func key(_ row: Row) -> APIKey {
        let scopes = (row["scopes"] as String).split(separator: ",").compactMap { Scope(rawValue: String($0)) }
        let date = { (column: String) in (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return APIKey(id: APIKeyID(row["id"] as String)!, tenantID: TenantID(row["tenant_id"] as String)!, name: row["name"],
                      prefix: row["prefix"], secretHash: row["secret_hash"], scopes: Set(scopes),
                      createdBy: (row["created_by"] as String?).flatMap(UserID.init),
                      createdAt: Date(timeIntervalSince1970: row["created_at"]), expiresAt: date("expires_at"),
                      lastUsedAt: date("last_used_at"), revokedAt: date("revoked_at"))
    }
}
