import Foundation

/// Decides which alerts the rules raise, from the events a commit left in the outbox and from
/// the passing of time (reminders, flapping that settles). Pure: it reads the configuration
/// and the states it is given and returns the alerts, so every decision is unit-tested with
/// a hand-made clock and the service around it only loads and commits.
public struct AlertEvaluator: Sendable {
    /// Enabled rules by tenant.
    private let rules: [TenantID: [AlertRule]]
    /// Enabled windows by tenant.
    private let windows: [TenantID: [MaintenanceWindow]]
    /// Every channel by id.
    private let channels: [ChannelID: NotificationChannelRecord]
    /// Monitors the events concern.
    private let subjects: [MonitorID: Alert.Subject]
    /// The states, changed as events are handled.
    public private(set) var states: [AlertSubjectState.Key: AlertSubjectState]
    /// Keys of the states changed since creation.
    public private(set) var changed: Set<AlertSubjectState.Key> = []
    /// Keys of the states to delete (their rule is gone or disabled).
    public private(set) var removed: Set<AlertSubjectState.Key> = []
    /// A base for links: `https://vantage.example.com` (alerts link to the monitor).
    private let linkBase: String?

    /// An evaluator over the given configuration and states.
    public init(rules: [AlertRule], windows: [MaintenanceWindow], channels: [NotificationChannelRecord], subjects: [MonitorID: Alert.Subject],
                states: [AlertSubjectState], linkBase: String? = nil) {
        self.rules = Dictionary(grouping: rules.filter(\.enabled), by: \.tenantID)
        self.windows = Dictionary(grouping: windows.filter(\.enabled), by: \.tenantID)
        self.channels = Dictionary(channels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.subjects = subjects
        self.states = Dictionary(states.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.linkBase = linkBase
    }

    /// The names of the outbox events alerting reads: status changes (of a monitor and at one
    /// of its agent locations) and every probe event.
    public static func isRelevant(_ name: String) -> Bool {
        name == MonitorStatusChanged.eventName || name == MonitorLocationChanged.eventName
            || !(name.hasPrefix("monitor.") || name.hasPrefix("host.") || name.hasPrefix("tenant."))
    }

    /// The alerts one outbox event raises.
    public mutating func handle(_ event: Event) -> [AlertHistoryEntry] {
        if let change = event.payload(as: MonitorStatusChanged.self) { return statusChanged(change, event) }
        if let change = event.payload(as: MonitorLocationChanged.self) { return locationChanged(change, event) }
        guard case .object(let payload) = event.json, case .string(let text)? = payload["monitorID"],
              let monitorID = MonitorID(text) else { return [] }
        return rules[event.tenantID, default: []].compactMap { rule -> AlertHistoryEntry? in
            guard rule.reports(event: event.name), let subject = subject(monitorID, rule) else { return nil }
            let alert = makeAlert(.event, rule, subject, status: nil, event: event, title: "\(subject.name): \(event.name)",
                                  message: Self.describe(event.name, payload, subject), details: .object(payload))
            return entry(alert, rule, at: event.occurredAt)
        }
    }

    /// The enabled rules of `tenant`.
    func rules(of tenant: TenantID) -> [AlertRule] {
        rules[tenant, default: []]
    }

    private mutating func statusChanged(_ change: MonitorStatusChanged, _ event: Event) -> [AlertHistoryEntry] {
        var raised: [AlertHistoryEntry] = []
        let now = event.occurredAt
        for rule in rules[event.tenantID, default: []] {
            guard let subject = subject(change.monitorID, rule) else { continue }
            let key = AlertSubjectState.Key(ruleID: rule.id, monitorID: change.monitorID)
            var state = states[key] ?? AlertSubjectState(ruleID: rule.id, monitorID: change.monitorID, tenantID: rule.tenantID, status: change.from)
            defer { store(state) }
            state.status = change.to
            if let flapping = rule.flapping {
                let horizon = now.addingTimeInterval(-flapping.minutes * 60)
                state.changes = state.changes.filter { $0 > horizon } + [now]
                if state.flapping { continue }
                if state.changes.count > flapping.changes {
                    state.flapping = true
                    let alert = makeAlert(.flapping, rule, subject, status: change.to, event: event, title: "\(subject.name) is flapping",
                                          message: "\(subject.target) changed state \(state.changes.count) times in \(Self.minutes(flapping.minutes)); single changes are held back until it settles",
                                          details: .object(["changes": .number(Double(state.changes.count)), "minutes": .number(flapping.minutes)]))
                    raised.append(entry(alert, rule, at: now))
                    continue
                }
            }
            let details = Self.details(change)
            if rule.reports(change.to), state.open != change.to {
                let alert = makeAlert(.triggered, rule, subject, status: change.to, event: event, title: "\(subject.name) is \(change.to.rawValue)",
                                      message: change.failure.map { "\(subject.target): \($0.message)" } ?? "\(subject.target) is \(change.to.rawValue)",
                                      details: details)
                let made = entry(alert, rule, at: now)
                if made.suppressed == nil {
                    state.open = change.to
                    state.lastNotifiedAt = now
                }
                raised.append(made)
            } else if change.to == .up, state.open != nil {
                state.open = nil
                state.lastNotifiedAt = nil
                if rule.sendResolved {
                    var alert = makeAlert(.resolved, rule, subject, status: .up, event: event, title: "\(subject.name) is up again",
                                          message: "\(subject.target) is up again", details: details)
                    alert.severity = .info
                    raised.append(entry(alert, rule, at: now))
                }
            }
        }
        return raised
    }

    /// The alerts due at `now` without an event: reminders of monitors still down, and
    /// flapping monitors that settled. Also drops the states of rules that are gone.
    public mutating func tick(now: Date) -> [AlertHistoryEntry] {
        var raised: [AlertHistoryEntry] = []
        let byID = Dictionary(rules.values.joined().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for key in states.keys.sorted(by: { $0.ruleID.description + $0.monitorID.description < $1.ruleID.description + $1.monitorID.description }) {
            guard var state = states[key] else { continue }
            guard let rule = byID[key.ruleID], let subject = subject(key.monitorID, rule) else {
                removed.insert(key)
                states[key] = nil
                continue
            }
            let event = Event(tenantID: rule.tenantID, occurredAt: now, name: "alert.tick", json: .object(["monitorID": .string(key.monitorID.description)]))
            if state.flapping, let flapping = rule.flapping, let last = state.changes.last,
               now.timeIntervalSince(last) >= flapping.minutes * 60 {
                state.flapping = false
                state.changes = []
                let bad = rule.reports(state.status)
                var alert = makeAlert(.settled, rule, subject, status: state.status, event: event,
                                      title: "\(subject.name) stopped flapping: \(state.status.rawValue)",
                                      message: "\(subject.target) made no change for \(Self.minutes(flapping.minutes)); it is \(state.status.rawValue)",
                                      details: .object(["status": .string(state.status.rawValue)]))
                if !bad { alert.severity = .info }
                let made = entry(alert, rule, at: now)
                state.open = bad && made.suppressed == nil ? state.status : nil
                state.lastNotifiedAt = now
                raised.append(made)
                store(state)
            } else if let minutes = rule.reminderMinutes, minutes > 0, !state.flapping, let open = state.open, open == state.status,
                      let last = state.lastNotifiedAt, now.timeIntervalSince(last) >= minutes * 60 {
                state.lastNotifiedAt = now
                let alert = makeAlert(.reminder, rule, subject, status: state.status, event: event, title: "\(subject.name) is still \(state.status.rawValue)",
                                      message: "\(subject.target) is still \(state.status.rawValue)", details: .object(["status": .string(state.status.rawValue)]))
                let made = entry(alert, rule, at: now)
                raised.append(made)
                store(state)
            }
        }
        return raised
    }

    mutating func store(_ state: AlertSubjectState) {
        states[state.key] = state
        changed.insert(state.key)
    }

    func subject(_ monitor: MonitorID, _ rule: AlertRule) -> Alert.Subject? {
        guard let subject = subjects[monitor], rule.monitors.covers(monitor, kind: subject.kind, tags: subject.tags) else { return nil }
        return subject
    }

    func makeAlert(_ kind: Alert.Kind, _ rule: AlertRule, _ subject: Alert.Subject, status: MonitorStatus?, event: Event,
                           title: String, message: String, details: JSONValue) -> Alert {
        Alert(tenantID: rule.tenantID, kind: kind, title: title, message: message, severity: rule.severity, monitor: subject,
              status: status, ruleID: rule.id, event: event, details: details, occurredAt: event.occurredAt,
              link: linkBase.map { "\($0)/api/v1/monitors/\(subject.id)" })
    }

    /// The alert with a delivery per channel of the rule; held back (every delivery
    /// suppressed) when a maintenance window covers the monitor at `date`.
    func entry(_ alert: Alert, _ rule: AlertRule, at date: Date) -> AlertHistoryEntry {
        let window = alert.monitor.flatMap { subject in
            windows[rule.tenantID, default: []].first { $0.covers(subject.id, kind: subject.kind, tags: subject.tags, at: date) }
        }
        let suppressed = window.map { "maintenance: \($0.name)" }
        let deliveries = rule.channels.compactMap { id -> AlertDelivery? in
            guard let channel = channels[id], channel.tenantID == rule.tenantID else { return nil }
            let held = suppressed != nil || !channel.enabled
            return AlertDelivery(alertID: alert.id, tenantID: rule.tenantID, channelID: id, channelName: channel.name,
                                 state: held ? .suppressed : .pending, nextAttemptAt: held ? nil : date, createdAt: date)
        }
        return AlertHistoryEntry(alert: alert, suppressed: suppressed, deliveries: deliveries)
    }

    private static func details(_ change: MonitorStatusChanged) -> JSONValue {
        var details: [String: JSONValue] = ["from": .string(change.from.rawValue), "to": .string(change.to.rawValue)]
        if let failure = change.failure {
            details["failure"] = .object(["code": .string(failure.code), "message": .string(failure.message)])
        }
        return .object(details)
    }

    private static func describe(_ name: String, _ payload: [String: JSONValue], _ subject: Alert.Subject) -> String {
        if case .string(let message)? = payload["message"] { return "\(subject.target): \(message)" }
        if case .number(let days)? = payload["daysLeft"] { return "\(subject.target): \(name), \(Int(days)) days left" }
        return "\(subject.target): \(name)"
    }

    private static func minutes(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) minutes" : "\(value) minutes"
    }
}
