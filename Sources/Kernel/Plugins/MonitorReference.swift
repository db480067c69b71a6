/// The monitor a probe run checks: its id and how often it runs.
public struct MonitorReference: Sendable, Hashable {
    /// The monitor.
    public var id: MonitorID
    /// Its interval in seconds.
    public var interval: Double

    /// Creates a reference.
    public init(id: MonitorID, interval: Double) {
        self.id = id
        self.interval = interval
    }
}
