import Foundation
import Kernel

/// Tenants in PostgreSQL.
struct PostgresTenantRepository: TenantRepository {
    let pool: PGConnectionPool
    private static let select = "SELECT id, name, \(PGValues.epochColumn("created_at")), egress FROM tenants"

    func create(_ tenant: Tenant) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("INSERT INTO tenants (id, name, created_at, egress) VALUES ($1, $2, to_timestamp($3), $4::jsonb)",
                                     [tenant.id.description, PGValues.text(tenant.name), PGValues.epoch(tenant.createdAt), tenant.egress.jsonText])
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
            try connection.query("""
                INSERT INTO tenants (id, name, created_at, egress) VALUES ($1, $2, to_timestamp($3), $4::jsonb) ON CONFLICT (id) DO NOTHING
                """, [tenant.id.description, PGValues.text(tenant.name), PGValues.epoch(tenant.createdAt), tenant.egress.jsonText])
            return try connection.query("\(Self.select) WHERE id = $1", [tenant.id.description]).first.flatMap(Self.tenant) ?? tenant
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<Tenant> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT seq, id, name, \(PGValues.epochColumn("created_at")), egress FROM tenants WHERE seq > $1 ORDER BY seq LIMIT $2",
                                 [String(after), String(page.limit + 1)]).all
        }
        return Page(sequenced: rows.compactMap { row in Self.tenant(row).map { (row.int64("seq"), $0) } }, limit: page.limit)
    }

    func setEgress(_ policy: EgressPolicy, tenant: TenantID) async throws {
        let changed = try await pool.withConnection { connection in
            try connection.query("UPDATE tenants SET egress = $1::jsonb WHERE id = $2", [policy.jsonText, tenant.description]).affected
        }
        if changed == 0 { throw StoreError.notFound(entity: "tenant", id: tenant.description) }
    }

    /// A tenant from a row with `id`, `name`, `created_at` and `egress`.
    static func tenant(_ row: PGRow) -> Tenant? {
        guard let id = TenantID(row.string("id")) else { return nil }
        return Tenant(id: id, name: row.string("name"), createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0),
                      egress: (try? EgressPolicy(jsonText: row.string("egress"))) ?? .unrestricted)
    }
}
