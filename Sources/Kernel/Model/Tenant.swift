import Foundation

/// An organisation whose monitors, results and settings are kept apart from every other.
public struct Tenant: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: TenantID
    /// A name for people.
    public var name: String
    /// When the tenant was created.
    public var createdAt: Date

    /// Creates a tenant.
    public init(id: TenantID = .random(), name: String, createdAt: Date = Date()) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
