import Foundation

/// Users. Users are global: these calls are not tenant-scoped, and the API exposes the list
/// to server administrators only.
public protocol UserRepository: Sendable {
    /// Stores a user; throws `StoreError.conflict` when the e-mail or user name is taken.
    func create(_ user: User) async throws
    /// A user, or nil.
    func get(_ id: UserID) async throws -> User?
    /// The user whose e-mail or user name is `login` (case-insensitive), or nil.
    func find(login: String) async throws -> User?
    /// Every user, oldest first.
    func listAllTenants(page: PageRequest) async throws -> Page<User>
    /// How many users exist (the first one becomes administrator).
    func count() async throws -> Int
}

/// Who belongs to which tenant, with which role.
public protocol MembershipRepository: Sendable {
    /// Gives `user` `role` in `tenant`, replacing an earlier role.
    func set(_ role: Role, user: UserID, tenant: TenantID) async throws
    /// The user's role in the tenant, or nil when not a member.
    func role(of user: UserID, in tenant: TenantID) async throws -> Role?
    /// The tenants of a user with their roles, in the order the user joined them.
    func tenants(of user: UserID) async throws -> [(Tenant, Role)]
    /// The members of a tenant with their roles, in the order they joined.
    func members(of tenant: TenantID) async throws -> [(User, Role)]
    /// Removes a membership; false when there was none.
    @discardableResult func remove(user: UserID, tenant: TenantID) async throws -> Bool
}

/// API keys, scoped by tenant.
public protocol APIKeyRepository: Sendable {
    /// Stores a key; throws `StoreError.conflict` when the prefix is taken.
    func create(_ key: APIKey) async throws
    /// A key of `tenant`, or nil.
    func get(_ id: APIKeyID, tenant: TenantID) async throws -> APIKey?
    /// The keys of `tenant`, oldest first.
    func list(tenant: TenantID, page: PageRequest) async throws -> Page<APIKey>
    /// Replaces a key's name, scopes, expiry and revocation; throws `StoreError.notFound`.
    func update(_ key: APIKey, tenant: TenantID) async throws
    /// Deletes a key; false when it was not in `tenant`.
    @discardableResult func delete(_ id: APIKeyID, tenant: TenantID) async throws -> Bool
    /// The key with this prefix in any tenant, for authentication only.
    func findForAuthentication(prefix: String) async throws -> APIKey?
    /// Records that a key was used.
    func recordUse(_ id: APIKeyID, at time: Date) async throws
}
