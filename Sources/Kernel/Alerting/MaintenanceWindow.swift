import Foundation

/// Identifies a maintenance window.
public typealias MaintenanceWindowID = Identifier<MaintenanceWindow>

/// A time when a tenant's chosen monitors are expected to fail: their alerts are held back
/// (kept in the history as suppressed) and their results are marked as in maintenance, so
/// uptime can leave those minutes out.
public struct MaintenanceWindow: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: MaintenanceWindowID
    /// The owning tenant.
    public var tenantID: TenantID
    /// A name unique in the tenant.
    public var name: String
    /// Whether it applies.
    public var enabled: Bool
    /// The monitors it covers.
    public var monitors: MonitorSelection
    /// When it applies.
    public var schedule: MaintenanceSchedule
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a window.
    public init(id: MaintenanceWindowID = .random(), tenantID: TenantID, name: String, enabled: Bool = true,
                monitors: MonitorSelection = .all, schedule: MaintenanceSchedule, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.enabled = enabled
        self.monitors = monitors
        self.schedule = schedule
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether it covers monitor `id` (of kind `kind`, carrying `tags`) at `date`.
    public func covers(_ id: MonitorID, kind: String?, tags: [String] = [], at date: Date) -> Bool {
        enabled && monitors.covers(id, kind: kind, tags: tags) && schedule.isActive(at: date)
    }
}
