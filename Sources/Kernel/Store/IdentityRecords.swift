/// The part of the store an authenticator may use: tenants, users, memberships and API keys.
/// Plugins get this rather than the whole store, so an authenticator cannot read monitors or
/// results, and a store's other record families can change without touching it.
public struct IdentityRecords: Sendable {
    /// Tenants.
    public let tenants: any TenantRepository
    /// Users (global).
    public let users: any UserRepository
    /// Tenant memberships and roles.
    public let memberships: any MembershipRepository
    /// API keys.
    public let apiKeys: any APIKeyRepository

    /// The identity repositories of a store.
    public init(_ store: any Store) {
        tenants = store.tenants
        users = store.users
        memberships = store.memberships
        apiKeys = store.apiKeys
    }
}
