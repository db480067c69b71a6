import Foundation
import GRDB
import Kernel

/// Remote hosts in SQLite: the record as a JSON document (credentials already sealed), with
/// the columns that queries and constraints need beside it.
struct SQLiteHostRepository: RemoteHostRepository {
    let pool: DatabasePool

    func create(_ host: RemoteHost, tenant: TenantID) async throws {
        guard host.tenantID == tenant else { throw StoreError.conflict(entity: "host", detail: "belongs to another tenant") }
        let document = try RemoteHostDocument.encode(host)
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO hosts (id, tenant_id, name, host_key, document) VALUES (?, ?, ?, ?, ?)",
                               arguments: [host.id.description, tenant.description, host.name, host.hostKey, document])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "host", detail: "a host with id \(host.id) or named \(host.name) exists")
        }
    }

    func get(_ id: RemoteHostID, tenant: TenantID) async throws -> RemoteHost? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM hosts WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
        }.flatMap(RemoteHostDocument.decode)
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<RemoteHost> {
        try await self.page(where: "tenant_id = ? AND", [tenant.description], page)
    }

    func update(_ host: RemoteHost, tenant: TenantID) async throws {
        let document = try RemoteHostDocument.encode(host)
        let changed: Int
        do {
            changed = try await pool.write { db in
                try db.execute(sql: "UPDATE hosts SET name = ?, host_key = ?, document = ? WHERE id = ? AND tenant_id = ?",
                               arguments: [host.name, host.hostKey, document, host.id.description, tenant.description])
                return db.changesCount
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "host", detail: "a host named \(host.name) exists")
        }
        if changed == 0 { throw StoreError.notFound(entity: "host", id: host.id.description) }
    }

    func delete(_ id: RemoteHostID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM hosts WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
            return db.changesCount > 0
        }
    }

    func pinHostKey(_ fingerprint: String, host id: RemoteHostID, tenant: TenantID, expected: String?) async throws -> Bool {
        try await pool.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT document FROM hosts WHERE id = ? AND tenant_id = ? AND host_key IS ?",
                                                 arguments: [id.description, tenant.description, expected]),
                  var host = RemoteHostDocument.decode(text) else { return false }
            host.hostKey = fingerprint
            host.updatedAt = Date()
            try db.execute(sql: "UPDATE hosts SET host_key = ?, document = ? WHERE id = ?",
                           arguments: [fingerprint, try RemoteHostDocument.encode(host), id.description])
            return true
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<RemoteHost> {
        try await self.page(where: "", [], page)
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM hosts") }
    }

    private func page(where condition: String, _ arguments: [String], _ page: PageRequest) async throws -> Page<RemoteHost> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, RemoteHost)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, document FROM hosts WHERE \(condition) seq > ? ORDER BY seq LIMIT ?",
                             arguments: StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? } + [after, page.limit + 1]))
                .compactMap { row in RemoteHostDocument.decode(row["document"]).map { (row["seq"], $0) } }
        }
        return Page(sequenced: rows, limit: page.limit)
    }
}
