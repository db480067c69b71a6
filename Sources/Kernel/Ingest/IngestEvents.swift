/// A batch of connections was committed (`POST /api/v1/connections`): what the live stream's
/// `connections` topic sends. Relayed, so clients of every server sharing the store see it.
public struct ConnectionsIngested: EventPayload, Hashable {
    public static let eventName = "connections.ingested"
    /// The batch's records, enriched, as stored (without their store ids).
    public var connections: [ConnectionRecord]

    /// Creates the payload.
    public init(connections: [ConnectionRecord]) { self.connections = connections }
}

/// A batch of metric snapshots was committed (`POST /api/v1/metrics`): the live stream's
/// `metrics` topic.
public struct MetricsIngested: EventPayload, Hashable {
    public static let eventName = "metrics.ingested"
    /// The series' source.
    public var source: String
    /// The snapshots.
    public var snapshots: [Sample]

    /// Creates the payload.
    public init(source: String, snapshots: [Sample]) {
        self.source = source
        self.snapshots = snapshots
    }
}
