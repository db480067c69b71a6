import Foundation

/// Whether a host's collection works, as the API shows it.
public enum HostCollectionStatus: String, Sendable, Codable, Hashable {
    /// Not collected yet since this server started.
    case unknown
    /// The last collection succeeded.
    case online
    /// The last collection failed: the host is unreachable, or reading it failed.
    case offline
}

/// A host's collection state: its status, since when, the last failure and the times of the
/// last attempt and success. Kept per host in memory by the collection service.
public struct HostCollectionState: Sendable, Codable, Hashable {
    /// Online, offline or unknown.
    public var status: HostCollectionStatus = .unknown
    /// Since when it has had its status (the first attempt that gave it).
    public var since: Date?
    /// When a collection last finished.
    public var lastAttemptAt: Date?
    /// When a collection last succeeded.
    public var lastSuccessAt: Date?
    /// Why the last collection failed; nil when it succeeded.
    public var failure: ProbeFailure?
    /// Collections failed in a row.
    public var consecutiveFailures: Int = 0

    /// A state before any collection.
    public init() {}

    /// A change of status worth an event.
    public enum Transition: Sendable, Hashable {
        /// Failed after success, or on the first attempt.
        case wentOffline
        /// Succeeded after failing; `offlineSeconds` since it went offline.
        case cameOnline(offlineSeconds: Double)
    }

    /// Folds in a collection that finished at `time` with `failure` (nil: success) and says
    /// whether the status changed in a way that raises an event. A first success is not an
    /// event ("came online" would be noise at every start); a first failure is.
    public mutating func record(failure: ProbeFailure?, at time: Date) -> Transition? {
        let before = status
        lastAttemptAt = time
        self.failure = failure
        if failure == nil {
            lastSuccessAt = time
            consecutiveFailures = 0
            status = .online
        } else {
            consecutiveFailures += 1
            status = .offline
        }
        guard status != before else { return nil }
        let wentOfflineAt = since
        since = time
        switch (before, status) {
        case (_, .offline): return .wentOffline
        case (.offline, .online): return .cameOnline(offlineSeconds: wentOfflineAt.map { time.timeIntervalSince($0) } ?? 0)
        default: return nil
        }
    }
}
