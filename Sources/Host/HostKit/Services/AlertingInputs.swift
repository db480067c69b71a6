import Foundation
import Kernel

/// The body of `POST /api/v1/notifications/channels` and `PUT …/{id}`.
struct ChannelInput: Codable, Sendable {
    var name: String
    var type: String
    var settings: JSONValue
    var enabled: Bool?

    /// The input of an existing channel (settings redacted), for merging a PATCH onto it.
    init(_ channel: NotificationChannelRecord, settings: JSONValue) {
        name = channel.name
        type = channel.type
        self.settings = settings
        enabled = channel.enabled
    }
}

/// The body of `POST /api/v1/alert-rules` and `PUT …/{id}`.
struct AlertRuleInput: Codable, Sendable {
    var name: String
    var enabled: Bool?
    var monitors: MonitorSelection?
    var triggers: [AlertTrigger]?
    var channels: [ChannelID]
    var severity: Alert.Severity?
    var reminderMinutes: Double?
    var sendResolved: Bool?
    var flapping: FlapSuppression?

    /// The input of an existing rule, for merging a PATCH onto it.
    init(_ rule: AlertRule) {
        name = rule.name
        enabled = rule.enabled
        monitors = rule.monitors
        triggers = rule.triggers
        channels = rule.channels
        severity = rule.severity
        reminderMinutes = rule.reminderMinutes
        sendResolved = rule.sendResolved
        flapping = rule.flapping
    }
}

/// The body of `POST /api/v1/maintenance` and `PUT …/{id}`.
struct MaintenanceInput: Codable, Sendable {
    var name: String
    var enabled: Bool?
    var monitors: MonitorSelection?
    var schedule: MaintenanceSchedule

    /// The input of an existing window, for merging a PATCH onto it.
    init(_ window: MaintenanceWindow) {
        name = window.name
        enabled = window.enabled
        monitors = window.monitors
        schedule = window.schedule
    }
}
