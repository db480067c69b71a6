import Foundation

/// Leases that divide the monitors among several servers sharing one store: a server runs a
/// monitor only while it holds the monitor's lease, a lease lasts `ttl` seconds unless
/// renewed, and an expired lease can be claimed by any live server. `LeaseKeeper` drives it.
///
/// Times are the store's clock, not the servers', so skewed server clocks cannot make two
/// servers believe they hold one lease.
public protocol LeaseRepository: Sendable {
    /// Marks `server` alive and extends every lease it still holds by `ttl` seconds (leases of
    /// deleted or paused monitors end); returns what it holds and how much work there is.
    func renew(server: String, ttl: Double) async throws -> LeaseStatus
    /// Takes up to `limit` unpaused monitors whose lease is free or expired; returns them.
    func claim(server: String, ttl: Double, limit: Int) async throws -> Set<MonitorID>
    /// Gives up leases now (all of the server's when `monitors` is nil), so another server can
    /// claim them at once.
    func release(server: String, monitors: [MonitorID]?) async throws
}

/// What a renewal reports.
public struct LeaseStatus: Sendable, Hashable {
    /// Monitors the server holds.
    public var held: Set<MonitorID>
    /// Servers that renewed within the lease time, this one included.
    public var liveServers: Int
    /// Unpaused monitors to divide.
    public var monitors: Int

    /// Creates a status.
    public init(held: Set<MonitorID>, liveServers: Int, monitors: Int) {
        self.held = held
        self.liveServers = liveServers
        self.monitors = monitors
    }

    /// This server's fair share: the monitors divided by the live servers, rounded up.
    public var share: Int { (monitors + max(liveServers, 1) - 1) / max(liveServers, 1) }
}
