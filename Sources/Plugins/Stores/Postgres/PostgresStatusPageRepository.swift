import Foundation
import Kernel

/// Status pages in PostgreSQL, each a JSON document beside its id, tenant and slug.
struct PostgresStatusPageRepository: StatusPageRepository {
    let pool: PGConnectionPool

    func save(_ page: StatusPage) async throws {
        let document = PGValues.text(try StatusPageDocument.encode(page))
        try await pool.withConnection { connection in
            try connection.transaction {
                if let owner = try connection.query("SELECT tenant_id FROM status_pages WHERE id = $1", [page.id.description]).first?.string("tenant_id"),
                   owner != page.tenantID.description {
                    throw StoreError.notFound(entity: "status page", id: page.id.description)
                }
                if try connection.query("SELECT 1 FROM status_pages WHERE slug = $1 AND id <> $2", [PGValues.text(page.slug), page.id.description]).first != nil {
                    throw StoreError.conflict(entity: "status page", detail: "the slug '\(page.slug)' is taken")
                }
                do {
                    try connection.query("""
                        INSERT INTO status_pages (id, tenant_id, slug, document) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, document = excluded.document
                        """, [page.id.description, page.tenantID.description, PGValues.text(page.slug), document])
                } catch let error as PGError where error.isConstraintViolation {
                    throw StoreError.conflict(entity: "status page", detail: "the slug '\(page.slug)' is taken, or the tenant does not exist")
                }
            }
        }
    }

    func get(_ id: StatusPageID, tenant: TenantID) async throws -> StatusPage? {
        try await fetch("SELECT document FROM status_pages WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).first
    }

    func page(slug: String) async throws -> StatusPage? {
        try await fetch("SELECT document FROM status_pages WHERE slug = $1", [PGValues.text(slug)]).first
    }

    func list(tenant: TenantID) async throws -> [StatusPage] {
        try await fetch("SELECT document FROM status_pages WHERE tenant_id = $1 ORDER BY slug", [tenant.description])
    }

    func delete(_ id: StatusPageID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM status_pages WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).affected > 0
        }
    }

    func listAllTenants() async throws -> [StatusPage] {
        try await fetch("SELECT document FROM status_pages ORDER BY slug", [])
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in _ = try connection.query("DELETE FROM status_pages") }
    }

    private func fetch(_ sql: String, _ parameters: [String?]) async throws -> [StatusPage] {
        let documents = try await pool.withConnection { connection in try connection.query(sql, parameters).all.map { $0.string("document") } }
        return documents.compactMap(StatusPageDocument.decode)
    }
}
