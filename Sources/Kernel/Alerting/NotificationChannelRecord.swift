import Foundation

/// Identifies a notification channel.
public typealias ChannelID = Identifier<NotificationChannelRecord>

/// A tenant's notification channel: which notifier instance delivers (`type`, an instance
/// name from `Plugins.json`: `webhook`, `email`) and its settings, secrets sealed.
public struct NotificationChannelRecord: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: ChannelID
    /// The owning tenant.
    public var tenantID: TenantID
    /// A name unique in the tenant: "ops on-call".
    public var name: String
    /// The notifier instance that delivers through it.
    public var type: String
    /// The notifier's settings, secrets sealed (`NotifierRunner.settings`).
    public var settings: JSONValue
    /// Whether alerts go out through it; a disabled channel's deliveries are skipped.
    public var enabled: Bool
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a channel.
    public init(id: ChannelID = .random(), tenantID: TenantID, name: String, type: String, settings: JSONValue,
                enabled: Bool = true, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.type = type
        self.settings = settings
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
