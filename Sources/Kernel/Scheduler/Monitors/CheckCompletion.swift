/// What one monitor check produced, for the result sink: the result, the monitor's new state
/// (none when the monitor was removed while it ran) and the events it caused, which are
/// published once the result and state are stored.
public struct CheckCompletion: Sendable {
    /// The result, as stored.
    public var record: ResultRecord
    /// The monitor's state after the check.
    public var state: MonitorStateUpdate?
    /// Status changes and the probe's own events.
    public var events: [Event]
    /// A check whose probe could not tell yet (`ProbeResult.pending`): nothing is stored.
    public var isPending: Bool { record.result.isPending }

    /// Creates a completion.
    public init(record: ResultRecord, state: MonitorStateUpdate?, events: [Event] = []) {
        self.record = record
        self.state = state
        self.events = events
    }
}
