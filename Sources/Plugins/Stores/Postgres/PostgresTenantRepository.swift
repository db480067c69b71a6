import Foundation
import Kernel

/// Tenants in PostgreSQL.
struct PostgresTenantRepository: TenantRepository {
    let pool: PGConnectionPool
    private static let select = "SELECT id, name, \(PGValues.epochColumn("created_at")) FROM tenants"

    func create(_ tenant: Tenant) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, to_timestamp($3))",
                                     [tenant.id.description, PGValues.text(tenant.name), PGValues.epoch(tenant.createdAt)])
            }
        } catch {
            throw error.asStoreError(entity: "tenant", conflict: "id \(tenant.id) exists")
        }
    }

    func get(_ id: TenantID) async throws -> Tenant? {
        try await pool.withConnection { connection in
            try connection.query("\(Self.select) WHERE id = $1", [id.description]).first.flatMap(Self.tenant)
        }
    }

    func ensure(_ tenant: Tenant) async throws -> Tenant {
        try await pool.withConnection { connection in
            try connection.query("INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, to_timestamp($3)) ON CONFLICT (id) DO NOTHING",
                                 [tenant.id.description, PGValues.text(tenant.name), PGValues.epoch(tenant.createdAt)])
            return try connection.query("\(Self.select) WHERE id = $1", [tenant.id.description]).first.flatMap(Self.tenant) ?? tenant
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<Tenant> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT seq, id, name, \(PGValues.epochColumn("created_at")) FROM tenants WHERE seq > $1 ORDER BY seq LIMIT $2",
                                 [String(after), String(page.limit + 1)]).all
        }
        return Page(sequenced: rows.compactMap { row in Self.tenant(row).map { (row.int64("seq"), $0) } }, limit: page.limit)
    }

    static func tenant(_ row: PGRow) -> Tenant? {
        guard let id = TenantID(row.string("id")) else { return nil }
        return Tenant(id: id, name: row.string("name"), createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
    }
}
