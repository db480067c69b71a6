import Foundation
import Kernel

extension InMemoryData {
    func createUser(_ user: User) throws {
        try check()
        guard !users.contains(where: { $0.id == user.id || $0.email == user.email || $0.username.lowercased() == user.username.lowercased() }) else {
            throw StoreError.conflict(entity: "user", detail: "the e-mail address or user name is taken")
        }
        users.append(user)
    }

    func user(_ id: UserID) throws -> User? { try check(); return users.first { $0.id == id } }

    func user(login: String) throws -> User? {
        try check()
        return users.first { $0.email == login.lowercased() || $0.username.lowercased() == login.lowercased() }
    }

    func allUsers() throws -> [User] { try check(); return users }

    func setRole(_ role: Role, user: UserID, tenant: TenantID) throws {
        try check()
        guard users.contains(where: { $0.id == user }), tenants[tenant] != nil else {
            throw StoreError.notFound(entity: "user or tenant", id: "\(user)/\(tenant)")
        }
        if let index = memberships.firstIndex(where: { $0.userID == user && $0.tenantID == tenant }) {
            memberships[index].role = role
        } else {
            memberships.append(Membership(tenantID: tenant, userID: user, role: role))
        }
    }

    func role(of user: UserID, in tenant: TenantID) throws -> Role? {
        try check()
        return memberships.first { $0.userID == user && $0.tenantID == tenant }?.role
    }

    func tenants(of user: UserID) throws -> [(Tenant, Role)] {
        try check()
        return memberships.filter { $0.userID == user }.compactMap { m in tenants[m.tenantID].map { ($0, m.role) } }
    }

    func members(of tenant: TenantID) throws -> [(User, Role)] {
        try check()
        return memberships.filter { $0.tenantID == tenant }.compactMap { m in users.first { $0.id == m.userID }.map { ($0, m.role) } }
    }

    func removeMember(_ user: UserID, tenant: TenantID) throws -> Bool {
        try check()
        let before = memberships.count
        memberships.removeAll { $0.userID == user && $0.tenantID == tenant }
        return memberships.count < before
    }

    func createKey(_ key: APIKey) throws {
        try check()
        guard tenants[key.tenantID] != nil, !keys.contains(where: { $0.id == key.id || $0.prefix == key.prefix }) else {
            throw StoreError.conflict(entity: "api key", detail: "the id or prefix exists, or the tenant is unknown")
        }
        keys.append(key)
    }

    func keys(of tenant: TenantID) throws -> [APIKey] { try check(); return keys.filter { $0.tenantID == tenant } }

    func updateKey(_ key: APIKey, tenant: TenantID) throws {
        try check()
        guard let index = keys.firstIndex(where: { $0.id == key.id && $0.tenantID == tenant }) else {
            throw StoreError.notFound(entity: "api key", id: key.id.description)
        }
        keys[index].name = key.name
        keys[index].scopes = key.scopes
        keys[index].expiresAt = key.expiresAt
        keys[index].revokedAt = key.revokedAt
    }

    func deleteKey(_ id: APIKeyID, tenant: TenantID) throws -> Bool {
        try check()
        let before = keys.count
        keys.removeAll { $0.id == id && $0.tenantID == tenant }
        return keys.count < before
    }

    func key(prefix: String) throws -> APIKey? { try check(); return keys.first { $0.prefix == prefix } }

    func recordUse(_ id: APIKeyID, at time: Date) throws {
        try check()
        if let index = keys.firstIndex(where: { $0.id == id }) { keys[index].lastUsedAt = time }
    }
}

/// Pages an in-memory list with an offset cursor.
func pageByOffset<T: Sendable>(_ items: [T], _ page: PageRequest) -> Page<T> {
    let start = page.cursor.flatMap(Int.init) ?? 0
    let slice = Array(items.dropFirst(start).prefix(page.limit))
    return Page(items: slice, nextCursor: start + page.limit < items.count ? String(start + page.limit) : nil)
}

struct InMemoryUsers: UserRepository {
    let data: InMemoryData
    func create(_ user: User) async throws { try await data.createUser(user) }
    func get(_ id: UserID) async throws -> User? { try await data.user(id) }
    func find(login: String) async throws -> User? { try await data.user(login: login) }
    func listAllTenants(page: PageRequest) async throws -> Page<User> { pageByOffset(try await data.allUsers(), page) }
    func count() async throws -> Int { try await data.allUsers().count }
}

struct InMemoryMemberships: MembershipRepository {
    let data: InMemoryData
    func set(_ role: Role, user: UserID, tenant: TenantID) async throws { try await data.setRole(role, user: user, tenant: tenant) }
    func role(of user: UserID, in tenant: TenantID) async throws -> Role? { try await data.role(of: user, in: tenant) }
    func tenants(of user: UserID) async throws -> [(Tenant, Role)] { try await data.tenants(of: user) }
    func members(of tenant: TenantID) async throws -> [(User, Role)] { try await data.members(of: tenant) }
    func remove(user: UserID, tenant: TenantID) async throws -> Bool { try await data.removeMember(user, tenant: tenant) }
}

struct InMemoryAPIKeys: APIKeyRepository {
    let data: InMemoryData
    func create(_ key: APIKey) async throws { try await data.createKey(key) }
    func get(_ id: APIKeyID, tenant: TenantID) async throws -> APIKey? { try await data.keys(of: tenant).first { $0.id == id } }
    func list(tenant: TenantID, page: PageRequest) async throws -> Page<APIKey> { pageByOffset(try await data.keys(of: tenant), page) }
    func update(_ key: APIKey, tenant: TenantID) async throws { try await data.updateKey(key, tenant: tenant) }
    func delete(_ id: APIKeyID, tenant: TenantID) async throws -> Bool { try await data.deleteKey(id, tenant: tenant) }
    func findForAuthentication(prefix: String) async throws -> APIKey? { try await data.key(prefix: prefix) }
    func recordUse(_ id: APIKeyID, at time: Date) async throws { try await data.recordUse(id, at: time) }
}
