import Foundation

/// An organisation whose monitors, results and settings are kept apart from every other.
public struct Tenant: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: TenantID
    /// A name for people.
    public var name: String
    /// When the tenant was created.
    public var createdAt: Date
    /// Which networks its probes may reach, on top of each probe plugin's own policy; set by
    /// server administrators. Unrestricted by default.
    public var egress: EgressPolicy

    /// Creates a tenant.
    public init(id: TenantID = .random(), name: String, createdAt: Date = Date(), egress: EgressPolicy = .unrestricted) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.egress = egress
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(TenantID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        egress = try container.decodeIfPresent(EgressPolicy.self, forKey: .egress) ?? .unrestricted
    }
}
