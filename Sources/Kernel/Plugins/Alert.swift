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
