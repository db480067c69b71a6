/// A batch of log lines was committed (`POST /api/v1/logs/ingest`): the live stream's `logs`
/// topic, which the web interface's logs page follows.
public struct LogsIngested: EventPayload, Hashable {
    public static let eventName = "logs.ingested"
    /// The batch's lines, as stored.
    public var logs: [LogEntry]

    /// Creates the payload.
    public init(logs: [LogEntry]) { self.logs = logs }
}
