import Foundation

/// The kinds of alerting configuration a tenant keeps: each is a JSON document with an id
/// and a name unique per tenant and kind.
public enum AlertConfigKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Notification channels (`NotificationChannelRecord`).
    case channel
    /// Alert rules (`AlertRule`).
    case rule
    /// Maintenance windows (`MaintenanceWindow`).
    case maintenance
}

/// A record kept as an alerting configuration document.
public protocol AlertConfigRecord: Codable, Sendable, Identifiable where ID == Identifier<Self> {
    /// Which kind of document it is.
    static var configKind: AlertConfigKind { get }
    /// What the API and messages call it: "channel".
    static var entityName: String { get }
    /// The owning tenant.
    var tenantID: TenantID { get }
    /// The name, unique in the tenant.
    var name: String { get }
}

extension NotificationChannelRecord: AlertConfigRecord {
    public static let configKind = AlertConfigKind.channel
    public static let entityName = "channel"
}

extension AlertRule: AlertConfigRecord {
    public static let configKind = AlertConfigKind.rule
    public static let entityName = "alert rule"
}

extension MaintenanceWindow: AlertConfigRecord {
    public static let configKind = AlertConfigKind.maintenance
    public static let entityName = "maintenance window"
}

/// A configuration record as stores keep it: its key columns and its JSON text.
public struct AlertConfigDocument: Sendable, Hashable {
    /// The kind.
    public var kind: AlertConfigKind
    /// The record's id.
    public var id: UUID
    /// The owning tenant.
    public var tenantID: TenantID
    /// The record's name.
    public var name: String
    /// The record as JSON.
    public var json: String

    /// Creates a document.
    public init(kind: AlertConfigKind, id: UUID, tenantID: TenantID, name: String, json: String) {
        self.kind = kind
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.json = json
    }

    /// The document of `record`.
    public init<Record: AlertConfigRecord>(_ record: Record) throws {
        self.init(kind: Record.configKind, id: record.id.rawValue, tenantID: record.tenantID, name: record.name,
                  json: try JSONDocument.encode(record))
    }

    /// The record, or nil when the JSON is not one.
    public func record<Record: AlertConfigRecord>(as type: Record.Type) -> Record? {
        JSONDocument.decode(Record.self, from: json)
    }
}
