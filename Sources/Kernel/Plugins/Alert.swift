import Foundation

/// Something a person should hear about, as a notifier receives it: a monitor went down or
/// came back, is flapping, a certificate nears expiry. Its `id` is stable across retries and
/// servers, so a receiver can drop a duplicate.
public struct Alert: Sendable, Codable, Hashable {
    /// The stable identifier (sent as `X-Vantage-Alert-Id` by HTTP notifiers).
    public var id: UUID
    /// The tenant it concerns.
    public var tenantID: TenantID
    /// What kind of alert it is.
    public var kind: Kind
    /// A short title: "api.example.com:443 is down".
    public var title: String
    /// The details in plain words.
    public var message: String
    /// The severity.
    public var severity: Severity
    /// The monitor it concerns, when it concerns one.
    public var monitor: Subject?
    /// The monitor's status when the alert was raised.
    public var status: MonitorStatus?
    /// The rule that raised it; nil for a channel test.
    public var ruleID: AlertRuleID?
    /// The event that caused it.
    public var event: Event
    /// Facts for machines: the failure, the event's payload.
    public var details: JSONValue
    /// When the cause happened.
    public var occurredAt: Date
    /// A link to the monitor in the API or UI, when the server knows its public address.
    public var link: String?

    /// What an alert reports.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        /// The monitor went down or degraded (or a reported event happened).
        case triggered
        /// The monitor is up again after a triggered alert.
        case resolved
        /// The monitor is still down.
        case reminder
        /// The monitor changes state too often; single changes are held back.
        case flapping
        /// The monitor stopped flapping; the alert carries its status now.
        case settled
        /// A probe's event the rule reports (`tls.certificate_expiring`).
        case event
        /// A test of a channel.
        case test
    }

    /// The monitor an alert concerns.
    public struct Subject: Sendable, Codable, Hashable {
        /// Its id.
        public var id: MonitorID
        /// Its name.
        public var name: String
        /// Its probe kind.
        public var kind: String
        /// Its target.
        public var target: String
        /// Its tags.
        public var tags: [String]

        /// Creates a subject.
        public init(id: MonitorID, name: String, kind: String, target: String, tags: [String] = []) {
            self.tags = tags
            self.id = id
            self.name = name
            self.kind = kind
            self.target = target
        }
    }

    /// How urgent an alert is.
    public enum Severity: String, Sendable, Codable, Hashable, CaseIterable {
        /// For the record.
        case info
        /// Needs attention soon.
        case warning
        /// Needs attention now.
        case critical
    }

    /// Creates an alert.
    public init(id: UUID = UUID(), tenantID: TenantID, kind: Kind = .triggered, title: String, message: String, severity: Severity,
                monitor: Subject? = nil, status: MonitorStatus? = nil, ruleID: AlertRuleID? = nil, event: Event,
                details: JSONValue = .object([:]), occurredAt: Date? = nil, link: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.title = title
        self.message = message
        self.severity = severity
        self.monitor = monitor
        self.status = status
        self.ruleID = ruleID
        self.event = event
        self.details = details
        self.occurredAt = occurredAt ?? event.occurredAt
        self.link = link
    }
}

extension Alert.Subject {
    private enum CodingKeys: String, CodingKey { case id, name, kind, target, tags }

    /// Decodes a subject; `tags` may be absent (alerts stored before tags existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(MonitorID.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
                  kind: try container.decode(String.self, forKey: .kind), target: try container.decode(String.self, forKey: .target),
                  tags: try container.decodeIfPresent([String].self, forKey: .tags) ?? [])
    }
}
