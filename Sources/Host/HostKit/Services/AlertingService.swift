import Foundation
import Kernel

/// Alerting's records as the API and the CLI change them, free of HTTP: channels (their type
/// an enabled notifier, their settings checked by it and their secrets sealed), rules (their
/// channels and monitors in the same tenant), maintenance windows, channel tests and the
/// history.
public struct AlertingService: Sendable {
    let store: any AlertStore
    let notifiers: [String: NotifierRunner]
    let sealer: (any SecretSealer)?
    let settings: AlertingSettings
    let serverID: String
    /// The scheduler's maintenance windows, read again whenever one changes here.
    let calendar: MaintenanceCalendar?

    /// Creates the service; `calendar` is reloaded whenever a maintenance window changes.
    public init(store: any AlertStore, notifiers: [NotifierRunner], sealer: (any SecretSealer)?, settings: AlertingSettings, serverID: String,
                calendar: MaintenanceCalendar? = nil) {
        self.calendar = calendar
        self.store = store
        self.notifiers = Dictionary(notifiers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.sealer = sealer
        self.settings = settings
        self.serverID = serverID
    }

    // MARK: Generic records

    func get<Record: AlertConfigRecord>(_ type: Record.Type, _ id: Identifier<Record>, tenant: TenantID) async throws -> Record? {
        try await store.alerts.config(Record.configKind, id: id.rawValue, tenant: tenant)?.record(as: Record.self)
    }

    func list<Record: AlertConfigRecord>(_ type: Record.Type, tenant: TenantID, page: PageRequest) async throws -> Page<Record> {
        let documents = try await store.alerts.listConfig(Record.configKind, tenant: tenant, page: page)
        return Page(items: documents.items.compactMap { $0.record(as: Record.self) }, nextCursor: documents.nextCursor)
    }

    func save<Record: AlertConfigRecord>(_ record: Record, creating: Bool) async throws -> Record {
        let document = try AlertConfigDocument(record)
        if creating { try await store.alerts.createConfig(document) } else { try await store.alerts.updateConfig(document) }
        await changed(Record.configKind)
        return record
    }

    func delete<Record: AlertConfigRecord>(_ type: Record.Type, _ id: Identifier<Record>, tenant: TenantID) async throws -> Bool {
        let deleted = try await store.alerts.deleteConfig(Record.configKind, id: id.rawValue, tenant: tenant)
        await changed(Record.configKind)
        return deleted
    }

    /// After a window changed: the scheduler marks results by the new windows from now on
    /// (a failed read leaves it to `MaintenanceCalendarRefresh`, within seconds).
    private func changed(_ kind: AlertConfigKind) async {
        guard kind == MaintenanceWindow.configKind, let calendar else { return }
        try? await calendar.reload(from: store.alerts)
    }

    // MARK: Channels

    /// The notifier instance names a channel's `type` may be.
    var channelTypes: [String] { notifiers.keys.sorted() }

    /// A channel from `input`, its settings checked and sealed (`previous`: the stored settings
    /// whose secrets a placeholder keeps).
    func channel(_ input: ChannelInput, tenant: TenantID, existing: NotificationChannelRecord?) throws -> NotificationChannelRecord {
        try Self.checkName(input.name)
        guard let notifier = notifiers[input.type] else {
            throw ValidationError(field: "type", "\"\(input.type)\" is not an enabled notifier", allowedValues: channelTypes)
        }
        if let existing, existing.type != input.type, Self.contains(SealedSecrets.placeholder, in: input.settings) {
            throw ValidationError(field: "settings", "give every secret again when changing the channel's type")
        }
        let sealed = try notifier.settings.seal(input.settings, sealer: sealer, previous: existing?.settings)
        // Checked as the notifier will get them: a placeholder replaced by the stored secret.
        try notifier.settings.validate(try notifier.settings.unseal(sealed, sealer: sealer))
        let now = Date()
        return NotificationChannelRecord(id: existing?.id ?? .random(), tenantID: tenant, name: input.name, type: input.type, settings: sealed,
                                         enabled: input.enabled ?? existing?.enabled ?? true, createdAt: existing?.createdAt ?? now, updatedAt: now)
    }

    /// The channel's settings with its secrets replaced by the placeholder.
    func redacted(_ channel: NotificationChannelRecord) -> JSONValue {
        notifiers[channel.type]?.settings.redact(channel.settings) ?? Self.redactSealed(channel.settings)
    }

    /// Sends a test alert through `channel` now and records it in the history; returns the
    /// delivery with its one attempt.
    func test(_ channel: NotificationChannelRecord) async -> AlertDelivery {
        let event = Event(tenantID: channel.tenantID, name: "alert.test", json: .object(["channelID": .string(channel.id.description)]))
        let alert = Alert(tenantID: channel.tenantID, kind: .test, title: "Test alert from Vantage",
                          message: "If you read this, the channel \(channel.name) works.", severity: .info, event: event,
                          details: .object(["channel": .string(channel.name)]))
        let started = Date()
        var delivery = AlertDelivery(alertID: alert.id, tenantID: channel.tenantID, channelID: channel.id, channelName: channel.name, createdAt: started)
        var attempt = DeliveryAttempt(at: started, duration: 0, delivered: false, server: serverID)
        if let notifier = notifiers[channel.type] {
            do {
                let receipt = try await AlertDeliveryService.withTimeout(settings.deliveryTimeoutSeconds) { [sealer] in
                    try await notifier.send(alert, channel: channel.name, settings: channel.settings, sealer: sealer)
                }
                attempt.delivered = true
                attempt.status = receipt.status
                attempt.detail = receipt.detail
            } catch let failure as NotificationFailure {
                attempt.status = failure.status
                attempt.detail = failure.message
            } catch {
                attempt.detail = AlertDeliveryService.describe(error, timeout: settings.deliveryTimeoutSeconds)
            }
        } else {
            attempt.detail = "no notifier instance named \(channel.type) is enabled on this server"
        }
        attempt.duration = Date().timeIntervalSince(started)
        delivery.attempts = [attempt]
        delivery.state = attempt.delivered ? .delivered : .failed
        try? await store.alerts.record([AlertHistoryEntry(alert: alert, deliveries: [delivery])])
        return delivery
    }

    // MARK: Rules and windows

    /// A rule from `input`, its channels checked to be the tenant's.
    func rule(_ input: AlertRuleInput, tenant: TenantID, existing: AlertRule?) async throws -> AlertRule {
        try Self.checkName(input.name)
        guard !input.channels.isEmpty else { throw ValidationError(field: "channels", "name at least one channel") }
        for (index, id) in input.channels.enumerated() where try await get(NotificationChannelRecord.self, id, tenant: tenant) == nil {
            throw ValidationError(field: "channels[\(index)]", "no channel \(id) in this tenant")
        }
        let triggers = input.triggers ?? [.down]
        guard !triggers.isEmpty else { throw ValidationError(field: "triggers", "name at least one trigger: down, degraded or an event name") }
        if let minutes = input.reminderMinutes, !(1...10_080).contains(minutes) { throw ValidationError(field: "reminderMinutes", "must be 1 to 10080") }
        if let flapping = input.flapping {
            if !(1...100).contains(flapping.changes) { throw ValidationError(field: "flapping.changes", "must be 1 to 100") }
            if !(1...1440).contains(flapping.minutes) { throw ValidationError(field: "flapping.minutes", "must be 1 to 1440") }
        }
        try Self.check(input.monitors)
        let now = Date()
        return AlertRule(id: existing?.id ?? .random(), tenantID: tenant, name: input.name, enabled: input.enabled ?? existing?.enabled ?? true,
                         monitors: input.monitors ?? .all, triggers: triggers, channels: input.channels, severity: input.severity ?? .critical,
                         reminderMinutes: input.reminderMinutes, sendResolved: input.sendResolved ?? true, flapping: input.flapping,
                         createdAt: existing?.createdAt ?? now, updatedAt: now)
    }

    /// A window from `input`, its schedule checked.
    func window(_ input: MaintenanceInput, tenant: TenantID, existing: MaintenanceWindow?) throws -> MaintenanceWindow {
        try Self.checkName(input.name)
        do {
            try input.schedule.validate()
        } catch let error as ValidationError {
            throw ValidationError(error.issues.map { FieldIssue(field: "schedule." + $0.field, message: $0.message, allowedValues: $0.allowedValues) })
        }
        try Self.check(input.monitors)
        let now = Date()
        return MaintenanceWindow(id: existing?.id ?? .random(), tenantID: tenant, name: input.name, enabled: input.enabled ?? existing?.enabled ?? true,
                                 monitors: input.monitors ?? .all, schedule: input.schedule, createdAt: existing?.createdAt ?? now, updatedAt: now)
    }

    // MARK: History

    func history(tenant: TenantID, monitor: MonitorID?, page: PageRequest) async throws -> Page<AlertHistoryEntry> {
        try await store.alerts.history(tenant: tenant, monitor: monitor, page: page)
    }

    static func contains(_ text: String, in value: JSONValue) -> Bool {
        switch value {
        case .string(let string): string == text
        case .array(let items): items.contains { contains(text, in: $0) }
        case .object(let members): members.values.contains { contains(text, in: $0) }
        default: false
        }
    }

    /// Every sealed string replaced by the placeholder (a channel whose notifier is no longer
    /// enabled, so its secret paths are unknown).
    static func redactSealed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let string) where SealedSecrets.isSealed(string): .string(SealedSecrets.placeholder)
        case .array(let items): .array(items.map(redactSealed))
        case .object(let members): .object(members.mapValues(redactSealed))
        default: value
        }
    }

    static func checkName(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, name.count <= 200 else { throw ValidationError(field: "name", "must be 1 to 200 characters") }
    }

    static func check(_ monitors: MonitorSelection?) throws {
        if let ids = monitors?.ids, ids.count > 10_000 { throw ValidationError(field: "monitors.ids", "at most 10000") }
        if let kinds = monitors?.kinds, kinds.count > 100 { throw ValidationError(field: "monitors.kinds", "at most 100") }
        if let tags = monitors?.tags, let problem = MonitorTags.problem(tags) { throw ValidationError(field: "monitors.tags", problem) }
    }
}
