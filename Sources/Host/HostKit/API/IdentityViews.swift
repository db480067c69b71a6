import Foundation
import Kernel

/// A user as the API shows it: never the password hash.
struct UserView: Encodable {
    var id: UserID
    var email: String
    var username: String
    var isAdmin: Bool
    var createdAt: Date

    init(_ user: User) {
        id = user.id
        email = user.email
        username = user.username
        isAdmin = user.isAdmin
        createdAt = user.createdAt
    }
}

/// A tenant with the caller's (or a member's) role.
struct TenantView: Encodable {
    var id: TenantID
    var name: String
    var role: Role?
    var createdAt: Date
}

/// A member of a tenant.
struct MemberView: Encodable {
    var user: UserView
    var role: Role
}

/// An API key as the API shows it: never the hash; the secret only once, at creation.
struct APIKeyView: Encodable {
    var id: APIKeyID
    var name: String
    var prefix: String
    var scopes: [Scope]
    var createdBy: UserID?
    var createdAt: Date
    var expiresAt: Date?
    var lastUsedAt: Date?
    var revokedAt: Date?
    var key: String?

    init(_ key: APIKey, secret: String? = nil) {
        id = key.id
        name = key.name
        prefix = key.prefix
        scopes = key.scopes.sorted { $0.rawValue < $1.rawValue }
        createdBy = key.createdBy
        createdAt = key.createdAt
        expiresAt = key.expiresAt
        lastUsedAt = key.lastUsedAt
        revokedAt = key.revokedAt
        self.key = secret
    }
}

/// `GET /api/v1/auth/registration`: the configured mode, and whether a registration would be
/// taken now (under `first-user`, only while the server has no user).
struct RegistrationView: Encodable {
    var mode: String
    var open: Bool
}

/// `POST /api/v1/auth/register` and `POST /api/v1/users`.
struct RegistrationInput: Codable {
    var email: String
    var username: String
    var password: String
    var isAdmin: Bool?
}

/// `POST /api/v1/auth/login`.
struct LoginInput: Codable {
    var login: String
    var password: String
}

/// `POST /api/v1/tenants`.
struct TenantInput: Codable {
    var name: String
}

/// `PUT /api/v1/tenants/{id}/members/{userId}`.
struct MemberInput: Codable {
    var role: Role
}

/// `POST /api/v1/tenants/{tenant}/members`: an existing account by e-mail or user name.
struct MemberAddition: Codable {
    var login: String
    var role: Role
}

/// `POST /api/v1/apikeys` and `PUT /api/v1/apikeys/{id}`, decoded.
struct APIKeyInput {
    var name: String
    var scopes: [Scope]
    var expiresAt: Date?
    var revoked: Bool?
}
