import Foundation

/// Something a person should hear about: a monitor went down, a certificate nears expiry.
public struct Alert: Sendable, Codable, Hashable {
    /// The tenant it concerns.
    public var tenantID: TenantID
    /// A short title: "api.example.com:443 is down".
    public var title: String
    /// The details in plain words.
    public var message: String
    /// The severity.
    public var severity: Severity
    /// The event that caused it.
    public var event: Event

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
    public init(tenantID: TenantID, title: String, message: String, severity: Severity, event: Event) {
        self.tenantID = tenantID
        self.title = title
        self.message = message
        self.severity = severity
        self.event = event
    }
}

/// Where a notifier delivers: a channel's settings (a webhook URL, an address), already
/// decrypted by the host for this one delivery.
public struct ChannelSettings: Sendable, Hashable {
    /// The channel's name.
    public var name: String
    /// Notifier-specific settings.
    public var settings: JSONValue

    /// Creates channel settings.
    public init(name: String, settings: JSONValue) {
        self.name = name
        self.settings = settings
    }
}

/// Delivers alerts (webhook, email). Throws when the delivery failed, so the host can retry.
public protocol Notifier: Plugin {
    /// Delivers one alert through one channel.
    func send(_ alert: Alert, via channel: ChannelSettings) async throws
}
