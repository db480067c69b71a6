import Foundation
import Synchronization

/// What the collection service knows of each host now: its collection state and its latest
/// reading (samples and details such as the system facts and the process list), kept in
/// memory for the live API views (`/system`, `/metrics/latest`, `/processes`).
public final class LatestHostReadings: Sendable {
    /// One host's live view.
    public struct Entry: Sendable {
        /// Whether collections work.
        public var state: HostCollectionState
        /// The latest successful reading, if any since this server started.
        public var reading: CollectorReading?
        /// When that reading was taken.
        public var readAt: Date?
    }

    private struct Key: Hashable {
        var tenant: TenantID
        var host: RemoteHostID
    }

    private let entries = Mutex<[Key: Entry]>([:])

    /// Creates an empty table.
    public init() {}

    /// The live view of `host` in `tenant`; nil before its first collection on this server.
    public func entry(_ host: RemoteHostID, tenant: TenantID) -> Entry? {
        entries.withLock { $0[Key(tenant: tenant, host: host)] }
    }

    /// Records a finished collection: its state, and its reading when it succeeded.
    func record(_ host: RemoteHostID, tenant: TenantID, state: HostCollectionState, reading: CollectorReading?, at time: Date) {
        entries.withLock { table in
            let key = Key(tenant: tenant, host: host)
            var entry = table[key] ?? Entry(state: state)
            entry.state = state
            if let reading {
                entry.reading = reading
                entry.readAt = time
            }
            table[key] = entry
        }
    }

    /// Forgets a host of `tenant` (deleted, paused, or its collection paused).
    func forget(_ host: RemoteHostID, tenant: TenantID) {
        _ = entries.withLock { $0.removeValue(forKey: Key(tenant: tenant, host: host)) }
    }
}
