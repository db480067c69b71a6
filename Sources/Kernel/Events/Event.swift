import Foundation

/// Something that happened, published on the event bus and streamed to clients.
public struct Event: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: UUID
    /// The tenant it concerns.
    public var tenantID: TenantID
    /// When it happened.
    public var occurredAt: Date
    /// What happened.
    public var kind: Kind
    /// The server that raised it when that was another process sharing the store (see
    /// `EventRelay`); nil for events of this process. Act on (notify about) only nil-origin
    /// events, so that each event is acted on once across servers.
    public var origin: String?

    /// Creates an event.
    public init(id: UUID = UUID(), tenantID: TenantID, occurredAt: Date = Date(), kind: Kind, origin: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.occurredAt = occurredAt
        self.kind = kind
        self.origin = origin
    }

    /// The kinds of event.
    public enum Kind: Sendable, Codable, Hashable {
        /// A monitor was created.
        case monitorCreated(monitorID: MonitorID)
        /// A monitor was changed, paused or resumed.
        case monitorUpdated(monitorID: MonitorID)
        /// A monitor was deleted.
        case monitorDeleted(monitorID: MonitorID)
        /// A tenant's settings changed (its egress policy): its monitors are prepared again.
        case tenantUpdated
        /// A monitor's status changed (`up → down`).
        case monitorStatusChanged(StatusChange)
        /// An event of a plugin's own (`certificate.expiring`), with a JSON payload.
        case plugin(name: String, payload: JSONValue)
    }

    /// A monitor's change of status.
    public struct StatusChange: Sendable, Codable, Hashable {
        /// The monitor.
        public var monitorID: MonitorID
        /// The status before.
        public var from: MonitorStatus
        /// The status after.
        public var to: MonitorStatus
        /// The reason of the result that caused it, when down or degraded.
        public var failure: ProbeFailure?

        /// Creates a change.
        public init(monitorID: MonitorID, from: MonitorStatus, to: MonitorStatus, failure: ProbeFailure?) {
            self.monitorID = monitorID
            self.from = from
            self.to = to
            self.failure = failure
        }
    }
}
