import Foundation
import Kernel

/// Users in PostgreSQL; user names are unique regardless of case.
struct PostgresUserRepository: UserRepository {
    let pool: PGConnectionPool
    static let columns = "u.id, u.email, u.username, u.password_hash, u.is_admin, \(PGValues.epochColumn("created_at", from: "u"))"

    func create(_ user: User) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO users (id, email, username, password_hash, is_admin, created_at)
                    VALUES ($1, $2, $3, $4, $5, to_timestamp($6))
                    """, [user.id.description, PGValues.text(user.email), PGValues.text(user.username), user.passwordHash,
                          PGValues.bool(user.isAdmin), PGValues.epoch(user.createdAt)])
            }
        } catch {
            throw error.asStoreError(entity: "user", conflict: "the e-mail address or user name is taken")
        }
    }

    func get(_ id: UserID) async throws -> User? {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM users u WHERE u.id = $1", [id.description]).first.flatMap(Self.user)
        }
    }

    func find(login: String) async throws -> User? {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM users u WHERE u.email = $1 OR lower(u.username) = lower($2)",
                                 [PGValues.text(login.lowercased()), PGValues.text(login)]).first.flatMap(Self.user)
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<User> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT u.seq, \(Self.columns) FROM users u WHERE u.seq > $1 ORDER BY u.seq LIMIT $2",
                                 [String(after), String(page.limit + 1)]).all
        }
        return Page(sequenced: rows.compactMap { row in Self.user(row).map { (row.int64("seq"), $0) } }, limit: page.limit)
    }

    func count() async throws -> Int {
        try await pool.withConnection { connection in try connection.query("SELECT count(*) AS n FROM users").first?.int("n") ?? 0 }
    }

    static func user(_ row: PGRow) -> User? {
        guard let id = UserID(row.string("id")) else { return nil }
        return User(id: id, email: row.string("email"), username: row.string("username"), passwordHash: row.string("password_hash"),
                    isAdmin: row.bool("is_admin"), createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
    }
}

/// Memberships in PostgreSQL.
struct PostgresMembershipRepository: MembershipRepository {
    let pool: PGConnectionPool

    func set(_ role: Role, user: UserID, tenant: TenantID) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)
                    ON CONFLICT (tenant_id, user_id) DO UPDATE SET role = excluded.role
                    """, [tenant.description, user.description, role.rawValue])
            }
        } catch StoreError.conflict {
            throw StoreError.notFound(entity: "user or tenant", id: "\(user)/\(tenant)")
        }
    }

    func role(of user: UserID, in tenant: TenantID) async throws -> Role? {
        try await pool.withConnection { connection in
            try connection.query("SELECT role FROM memberships WHERE user_id = $1 AND tenant_id = $2",
                                 [user.description, tenant.description]).first?["role"]
        }.flatMap(Role.init)
    }

    func tenants(of user: UserID) async throws -> [(Tenant, Role)] {
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT t.id, t.name, \(PGValues.epochColumn("created_at", from: "t")), t.egress, m.role
                FROM memberships m JOIN tenants t ON t.id = m.tenant_id WHERE m.user_id = $1 ORDER BY m.seq
                """, [user.description]).all
        }
        return rows.compactMap { row in
            guard let tenant = PostgresTenantRepository.tenant(row), let role = Role(rawValue: row.string("role")) else { return nil }
            return (tenant, role)
        }
    }

    func members(of tenant: TenantID) async throws -> [(User, Role)] {
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT \(PostgresUserRepository.columns), m.role
                FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.tenant_id = $1 ORDER BY m.seq
                """, [tenant.description]).all
        }
        return rows.compactMap { row in
            guard let user = PostgresUserRepository.user(row), let role = Role(rawValue: row.string("role")) else { return nil }
            return (user, role)
        }
    }

    func remove(user: UserID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2", [user.description, tenant.description]).affected > 0
        }
    }
}
