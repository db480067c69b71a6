import Foundation

/// What an API key may do.
public enum Scope: String, Sendable, Codable, Hashable, CaseIterable {
    /// Read monitors, results and history.
    case read
    /// Create and change monitors, run probes.
    case write
    /// Push data (producers and agents) — cannot read.
    case ingest
    /// Manage the tenant's members and keys.
    case admin
}

/// A key for programs: `X-API-Key: vk_<prefix>_<secret>`. Only a hash of the whole key is
/// stored; the key itself is shown once, when it is created. The prefix finds the record.
public struct APIKey: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: APIKeyID
    /// The tenant the key acts in.
    public var tenantID: TenantID
    /// A name for people.
    public var name: String
    /// The public part of the key, unique, used to look it up.
    public var prefix: String
    /// SHA-256 of the whole key, hex; never returned by the API.
    public var secretHash: String
    /// What the key may do.
    public var scopes: Set<Scope>
    /// The user who created it, if any.
    public var createdBy: UserID?
    /// When it was created.
    public var createdAt: Date
    /// When it stops working, if ever.
    public var expiresAt: Date?
    /// When it was last used to authenticate.
    public var lastUsedAt: Date?
    /// When it was revoked; a revoked key never works again.
    public var revokedAt: Date?

    /// Creates a key record.
    public init(id: APIKeyID = .random(), tenantID: TenantID, name: String, prefix: String, secretHash: String,
                scopes: Set<Scope>, createdBy: UserID? = nil, createdAt: Date = Date(), expiresAt: Date? = nil,
                lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.prefix = prefix
        self.secretHash = secretHash
        self.scopes = scopes
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// True when the key is neither revoked nor expired at `time`.
    public func isUsable(at time: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > time } ?? true)
    }
}
