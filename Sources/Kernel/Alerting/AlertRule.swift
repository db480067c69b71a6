import Foundation

/// Identifies an alert rule.
public typealias AlertRuleID = Identifier<AlertRule>

/// When and where a tenant hears about its monitors: which monitors, which events, which
/// channels, how often to remind, and when a monitor that keeps changing state is reported
/// once as flapping instead. Rules are evaluated by the Kernel (`AlertEvaluator`), never by
/// notifier plugins.
public struct AlertRule: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: AlertRuleID
    /// The owning tenant.
    public var tenantID: TenantID
    /// A name unique in the tenant.
    public var name: String
    /// Whether it is evaluated.
    public var enabled: Bool
    /// The monitors it covers.
    public var monitors: MonitorSelection
    /// What it reports.
    public var triggers: [AlertTrigger]
    /// Where it sends (channels of the same tenant).
    public var channels: [ChannelID]
    /// The severity of its alerts; resolved alerts are always `info`.
    public var severity: Alert.Severity
    /// Minutes between reminders while a monitor stays down; nil: no reminders.
    public var reminderMinutes: Double?
    /// Whether a monitor coming back up sends a resolved alert.
    public var sendResolved: Bool
    /// Reporting a flapping monitor once; nil: every change is reported.
    public var flapping: FlapSuppression?
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a rule.
    public init(id: AlertRuleID = .random(), tenantID: TenantID, name: String, enabled: Bool = true,
                monitors: MonitorSelection = .all, triggers: [AlertTrigger] = [.down], channels: [ChannelID],
                severity: Alert.Severity = .critical, reminderMinutes: Double? = nil, sendResolved: Bool = true,
                flapping: FlapSuppression? = nil, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.enabled = enabled
        self.monitors = monitors
        self.triggers = triggers
        self.channels = channels
        self.severity = severity
        self.reminderMinutes = reminderMinutes
        self.sendResolved = sendResolved
        self.flapping = flapping
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether a status change to `status` is one it reports (resolved is `sendResolved`).
    public func reports(_ status: MonitorStatus) -> Bool {
        switch status {
        case .down: triggers.contains(.down)
        case .degraded: triggers.contains(.degraded)
        default: false
        }
    }

    /// The thresholds among its triggers.
    public var thresholds: [MetricThreshold] {
        triggers.compactMap { if case .threshold(let threshold) = $0 { threshold } else { nil } }
    }

    /// Whether it reports the plugin event `name` (`tls.certificate_expiring`).
    public func reports(event name: String) -> Bool {
        triggers.contains { if case .event(let wanted) = $0 { wanted == name || (wanted.hasSuffix(".*") && name.hasPrefix(wanted.dropLast())) } else { false } }
    }
}

/// A monitor changing state more than `changes` times within `minutes` is reported once as
/// flapping; it is reported again (with its status) once it made no change for `minutes`.
public struct FlapSuppression: Sendable, Codable, Hashable {
    /// Changes allowed within the window before the monitor counts as flapping.
    public var changes: Int
    /// The window, in minutes.
    public var minutes: Double

    /// Creates the setting.
    public init(changes: Int, minutes: Double) {
        self.changes = changes
        self.minutes = minutes
    }
}
