import Foundation

/// What one collection of a host produced, for the collection sink: the reading or the
/// failure, the host's state after it (none when the host was removed while it ran) and the
/// events it caused, published once the samples are stored.
public struct HostCollectionCompletion: Sendable {
    /// The host as it was scheduled.
    public var host: RemoteHost
    /// When the collection started.
    public var startedAt: Date
    /// How long it took, in seconds.
    public var duration: Double
    /// The reading, or why there is none.
    public var outcome: Result<CollectorReading, CollectorFailure>
    /// The host's collection state after it; nil when the host was removed or paused meanwhile
    /// (then nothing is stored).
    public var state: HostCollectionState?
    /// `host.offline` or `host.online`, when the status changed.
    public var events: [Event]

    /// Creates a completion.
    public init(host: RemoteHost, startedAt: Date, duration: Double, outcome: Result<CollectorReading, CollectorFailure>,
                state: HostCollectionState?, events: [Event]) {
        self.host = host
        self.startedAt = startedAt
        self.duration = duration
        self.outcome = outcome
        self.state = state
        self.events = events
    }
}
