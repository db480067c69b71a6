import Foundation

/// An alert and its deliveries as the columns SQL stores write: ids as lower-case text,
/// times as epoch seconds, the records as JSON documents.
public struct AlertRows: Sendable {
    /// The alert's id.
    public var id: String
    /// Its tenant.
    public var tenant: String
    /// Its monitor, when it has one.
    public var monitor: String?
    /// When its cause happened.
    public var occurredAt: Double
    /// Why it was held back, or nil.
    public var suppressed: String?
    /// The alert as JSON.
    public var document: String
    /// Its deliveries.
    public var deliveries: [Delivery]

    /// One delivery's columns.
    public struct Delivery: Sendable {
        /// Its id.
        public var id: String
        /// Its state.
        public var state: String
        /// When it is due, while pending.
        public var nextAttemptAt: Double?
        /// The delivery as JSON.
        public var document: String
    }

    /// The columns of `entry`.
    public init(_ entry: AlertHistoryEntry) throws {
        id = entry.alert.id.uuidString.lowercased()
        tenant = entry.alert.tenantID.description
        monitor = entry.alert.monitor?.id.description
        occurredAt = entry.alert.occurredAt.timeIntervalSince1970
        suppressed = entry.suppressed
        document = try JSONDocument.encode(entry.alert)
        deliveries = try entry.deliveries.map {
            Delivery(id: $0.id.uuidString.lowercased(), state: $0.state.rawValue, nextAttemptAt: $0.nextAttemptAt?.timeIntervalSince1970,
                     document: try JSONDocument.encode($0))
        }
    }
}
