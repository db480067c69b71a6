import Foundation
import GRDB
import Kernel

/// Users in SQLite.
struct SQLiteUserRepository: UserRepository {
    let pool: DatabasePool
    static let columns = "id, email, username, password_hash, is_admin, created_at"

    func create(_ user: User) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO users (\(Self.columns)) VALUES (?,?,?,?,?,?)",
                               arguments: [user.id.description, user.email, user.username, user.passwordHash, user.isAdmin,
                                           user.createdAt.timeIntervalSince1970])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "user", detail: "the e-mail address or user name is taken")
        }
    }

    func get(_ id: UserID) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM users WHERE id = ?"), arguments: [id.description]).map(Self.user)
        }
    }

    func find(login: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM users WHERE email = ? OR username = ? COLLATE NOCASE"),
                             arguments: [login.lowercased(), login]).map(Self.user)
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<User> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, User)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT seq, \(Self.columns) FROM users WHERE seq > ? ORDER BY seq LIMIT ?"),
                             arguments: [after, page.limit + 1]).map { ($0["seq"], Self.user($0)) }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }

    static func user(_ row: Row) -> User {
        User(id: UserID(row["id"] as String)!, email: row["email"], username: row["username"],
             passwordHash: row["password_hash"], isAdmin: row["is_admin"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}

/// Memberships in SQLite.
struct SQLiteMembershipRepository: MembershipRepository {
    let pool: DatabasePool

    func set(_ role: Role, user: UserID, tenant: TenantID) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, ?)
                    ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role
                    """, arguments: [tenant.description, user.description, role.rawValue])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.notFound(entity: "user or tenant", id: "\(user)/\(tenant)")
        }
    }

    func role(of user: UserID, in tenant: TenantID) async throws -> Role? {
        let text: String? = try await pool.read { db in
            try String.fetchOne(try db.cachedStatement(sql: "SELECT role FROM memberships WHERE user_id = ? AND tenant_id = ?"),
                                arguments: [user.description, tenant.description])
        }
        return text.flatMap(Role.init)
    }

    func tenants(of user: UserID) async throws -> [(Tenant, Role)] {
        try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT t.id, t.name, t.created_at, t.egress, m.role FROM memberships m JOIN tenants t ON t.id = m.tenant_id
                WHERE m.user_id = ? ORDER BY m.seq
                """), arguments: [user.description]).compactMap { row in
                    guard let tenant = SQLiteTenantRepository.tenant(row), let role = Role(rawValue: row["role"]) else { return nil }
                    return (tenant, role)
                }
        }
    }

    func members(of tenant: TenantID) async throws -> [(User, Role)] {
        try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT u.id, u.email, u.username, u.password_hash, u.is_admin, u.created_at, m.role
                FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = ? ORDER BY m.seq
                """), arguments: [tenant.description]).compactMap { row in
                    Role(rawValue: row["role"]).map { (SQLiteUserRepository.user(row), $0) }
                }
        }
    }

    func remove(user: UserID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM memberships WHERE user_id = ? AND tenant_id = ?", arguments: [user.description, tenant.description])
            return db.changesCount > 0
        }
    }
}
