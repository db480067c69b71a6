import Foundation

/// One alert's way to one channel: pending until delivered, retried with backoff, or given
/// up on; every attempt is kept for the history.
public struct AlertDelivery: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: UUID
    /// The alert.
    public var alertID: UUID
    /// The tenant.
    public var tenantID: TenantID
    /// The channel.
    public var channelID: ChannelID
    /// The channel's name when the delivery was made (the channel may be renamed or deleted).
    public var channelName: String
    /// Where it stands.
    public var state: State
    /// Every attempt so far, oldest first.
    public var attempts: [DeliveryAttempt]
    /// When the next attempt is due, while pending.
    public var nextAttemptAt: Date?
    /// When it was created.
    public var createdAt: Date

    /// Where a delivery stands.
    public enum State: String, Sendable, Codable, Hashable, CaseIterable {
        /// Waiting for its first or next attempt.
        case pending
        /// The receiver accepted it.
        case delivered
        /// Given up: the attempts ran out, or the receiver refused it for good.
        case failed
        /// Not sent: held back by a maintenance window, or the channel is disabled or gone.
        case suppressed
    }

    /// Creates a delivery.
    public init(id: UUID = UUID(), alertID: UUID, tenantID: TenantID, channelID: ChannelID, channelName: String,
                state: State = .pending, attempts: [DeliveryAttempt] = [], nextAttemptAt: Date? = nil, createdAt: Date = Date()) {
        self.id = id
        self.alertID = alertID
        self.tenantID = tenantID
        self.channelID = channelID
        self.channelName = channelName
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }
}

/// One try at delivering: when, how long, and what the receiver answered.
public struct DeliveryAttempt: Sendable, Codable, Hashable {
    /// When it started.
    public var at: Date
    /// How long it took, in seconds.
    public var duration: Double
    /// Whether the receiver accepted the alert.
    public var delivered: Bool
    /// The receiver's status (HTTP status, SMTP reply code), when it answered.
    public var status: Int?
    /// The receiver's answer or the error, in words.
    public var detail: String?
    /// The server that made it.
    public var server: String?

    /// Creates an attempt.
    public init(at: Date, duration: Double, delivered: Bool, status: Int? = nil, detail: String? = nil, server: String? = nil) {
        self.at = at
        self.duration = duration
        self.delivered = delivered
        self.status = status
        self.detail = detail
        self.server = server
    }
}

/// An alert with its deliveries, as the history shows it.
public struct AlertHistoryEntry: Sendable, Codable, Hashable {
    /// The alert.
    public var alert: Alert
    /// Why it was not sent (`maintenance`), or nil.
    public var suppressed: String?
    /// Its deliveries, one per channel.
    public var deliveries: [AlertDelivery]

    /// Creates an entry.
    public init(alert: Alert, suppressed: String? = nil, deliveries: [AlertDelivery]) {
        self.alert = alert
        self.suppressed = suppressed
        self.deliveries = deliveries
    }
}

/// A delivery claimed by one server, with its alert.
public struct ClaimedDelivery: Sendable, Hashable {
    /// The delivery.
    public var delivery: AlertDelivery
    /// The alert to send.
    public var alert: Alert

    /// Creates a claim.
    public init(delivery: AlertDelivery, alert: Alert) {
        self.delivery = delivery
        self.alert = alert
    }
}
