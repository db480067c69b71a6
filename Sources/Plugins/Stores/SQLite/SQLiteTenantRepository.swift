import Foundation
import GRDB
import Kernel

/// Tenants in SQLite.
struct SQLiteTenantRepository: TenantRepository {
    let pool: DatabasePool

    func create(_ tenant: Tenant) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO tenants (id, name, created_at, egress) VALUES (?, ?, ?, ?)",
                               arguments: [tenant.id.description, tenant.name, tenant.createdAt.timeIntervalSince1970, tenant.egress.jsonText])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "tenant", detail: "id \(tenant.id) exists")
        }
    }

    func get(_ id: TenantID) async throws -> Tenant? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT id, name, created_at, egress FROM tenants WHERE id = ?"), arguments: [id.description])
                .flatMap(Self.tenant)
        }
    }

    func ensure(_ tenant: Tenant) async throws -> Tenant {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO tenants (id, name, created_at, egress) VALUES (?, ?, ?, ?)",
                           arguments: [tenant.id.description, tenant.name, tenant.createdAt.timeIntervalSince1970, tenant.egress.jsonText])
            let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT id, name, created_at, egress FROM tenants WHERE id = ?"), arguments: [tenant.id.description])
            return row.flatMap(Self.tenant) ?? tenant
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<Tenant> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, Tenant)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT rowid AS seq, id, name, created_at, egress FROM tenants WHERE rowid > ? ORDER BY rowid LIMIT ?"),
                             arguments: [after, page.limit + 1]).compactMap { row in Self.tenant(row).map { (row["seq"], $0) } }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    func setEgress(_ policy: EgressPolicy, tenant: TenantID) async throws {
        let changed = try await pool.write { db in
            try db.execute(sql: "UPDATE tenants SET egress = ? WHERE id = ?", arguments: [policy.jsonText, tenant.description])
            return db.changesCount
        }
        if changed == 0 { throw StoreError.notFound(entity: "tenant", id: tenant.description) }
    }

    /// A tenant from a row with `id`, `name`, `created_at` and `egress`.
    static func tenant(_ row: Row) -> Tenant? {
        guard let id = TenantID(row["id"] as String) else { return nil }
        return Tenant(id: id, name: row["name"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                      egress: (try? EgressPolicy(jsonText: row["egress"] ?? "")) ?? .unrestricted)
    }
}
