import Foundation
import GRDB
import Kernel

/// Status pages in SQLite, each a JSON document beside its id, tenant and slug.
struct SQLiteStatusPageRepository: StatusPageRepository {
    let pool: DatabasePool

    func save(_ page: StatusPage) async throws {
        let document = try StatusPageDocument.encode(page)
        try await pool.write { db in
            if let owner = try String.fetchOne(db, sql: "SELECT tenant_id FROM status_pages WHERE id = ?", arguments: [page.id.description]),
               owner != page.tenantID.description {
                throw StoreError.notFound(entity: "status page", id: page.id.description)
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM status_pages WHERE slug = ? AND id <> ?", arguments: [page.slug, page.id.description]) == true {
                throw StoreError.conflict(entity: "status page", detail: "the slug '\(page.slug)' is taken")
            }
            do {
                try db.execute(sql: """
                    INSERT INTO status_pages (id, tenant_id, slug, document) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, document = excluded.document
                    """, arguments: [page.id.description, page.tenantID.description, page.slug, document])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.conflict(entity: "status page", detail: "the slug '\(page.slug)' is taken, or the tenant does not exist")
            }
        }
    }

    func get(_ id: StatusPageID, tenant: TenantID) async throws -> StatusPage? {
        try await fetch("SELECT document FROM status_pages WHERE id = ? AND tenant_id = ?", [id.description, tenant.description]).first
    }

    func page(slug: String) async throws -> StatusPage? {
        try await fetch("SELECT document FROM status_pages WHERE slug = ?", [slug]).first
    }

    func list(tenant: TenantID) async throws -> [StatusPage] {
        try await fetch("SELECT document FROM status_pages WHERE tenant_id = ? ORDER BY slug", [tenant.description])
    }

    func delete(_ id: StatusPageID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM status_pages WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
            return db.changesCount > 0
        }
    }

    func listAllTenants() async throws -> [StatusPage] {
        try await fetch("SELECT document FROM status_pages ORDER BY slug", [])
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM status_pages") }
    }

    private func fetch(_ sql: String, _ arguments: StatementArguments) async throws -> [StatusPage] {
        let documents = try await pool.read { db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        return documents.compactMap(StatusPageDocument.decode)
    }
}
