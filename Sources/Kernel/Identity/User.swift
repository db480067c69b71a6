import Foundation

/// A person who logs in. Users are global; memberships give them tenants and roles.
public struct User: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: UserID
    /// E-mail address, stored lower-cased; unique.
    public var email: String
    /// User name; unique, case-insensitively.
    public var username: String
    /// The password's hash (bcrypt, `$2b$…`); never returned by the API.
    public var passwordHash: String
    /// A server administrator (the first user, or made with `vantage user create --admin`).
    public var isAdmin: Bool
    /// When the user registered.
    public var createdAt: Date

    /// Creates a user.
    public init(id: UserID = .random(), email: String, username: String, passwordHash: String, isAdmin: Bool = false, createdAt: Date = Date()) {
        self.id = id
        self.email = email.lowercased()
        self.username = username
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.createdAt = createdAt
    }
}

/// What a member may do in a tenant, from least to most.
public enum Role: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Reads everything in the tenant.
    case viewer
    /// Also creates and changes monitors and runs probes.
    case member
    /// Also manages members (below owner) and API keys.
    case admin
    /// Everything, including other owners.
    case owner

    private var rank: Int { Role.allCases.firstIndex(of: self)! }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// A user's role in a tenant.
public struct Membership: Sendable, Codable, Hashable {
    /// The tenant.
    public var tenantID: TenantID
    /// The user.
    public var userID: UserID
    /// The role.
    public var role: Role

    /// Creates a membership.
    public init(tenantID: TenantID, userID: UserID, role: Role) {
        self.tenantID = tenantID
        self.userID = userID
        self.role = role
    }
}
