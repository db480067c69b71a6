import Foundation

/// How many of a tenant's monitors are in each status (paused ones counted as paused only).
public struct MonitorStatusCounts: Sendable, Hashable, Codable {
    public var pending = 0
    public var up = 0
    public var degraded = 0
    public var down = 0
    public var paused = 0

    /// Creates counts.
    public init(pending: Int = 0, up: Int = 0, degraded: Int = 0, down: Int = 0, paused: Int = 0) {
        self.pending = pending
        self.up = up
        self.degraded = degraded
        self.down = down
        self.paused = paused
    }

    /// Every monitor.
    public var total: Int { pending + up + degraded + down + paused }

    /// Counts `count` monitors in `status`.
    public mutating func add(_ status: MonitorStatus, count: Int = 1) {
        switch status {
        case .pending: pending += count
        case .up: up += count
        case .degraded: degraded += count
        case .down: down += count
        case .paused: paused += count
        }
    }
}

/// What the dashboard reads (`DashboardStore`), each answer a handful of indexed rows however
/// many monitors a tenant has: statuses counted in the store, checks from an hourly rollup the
/// store keeps in the transaction that stores each result, events from the outbox.
public protocol DashboardRepository: Sendable {
    /// The tenant's monitors by status.
    func monitorStatusCounts(tenant: TenantID) async throws -> MonitorStatusCounts
    /// The tenant's monitor checks in the hours from the one holding `since` to now (so up to
    /// an hour more than asked: the rollup's grain).
    func checkTally(tenant: TenantID, since: Date) async throws -> CheckTally
    /// The tenant's outbox events named in `names`, newest first; the cursor is the last
    /// entry's sequence.
    func timeline(tenant: TenantID, names: Set<String>, before: Date?, page: PageRequest) async throws -> Page<OutboxEntry>
    /// How many of the tenant's outbox events named in `names` occurred since `since`.
    func eventCount(tenant: TenantID, names: Set<String>, since: Date) async throws -> Int
    /// Connections the tenant's producers sent that started since `since`.
    func connectionCount(tenant: TenantID, since: Date) async throws -> Int
    /// Deletes rollup hours before `date` (retention); returns how many.
    @discardableResult func pruneRollups(before date: Date) async throws -> Int
}

/// A store that keeps the dashboard's rollup and answers its questions.
public protocol DashboardStore: LogStore {
    /// The dashboard's reads.
    var dashboard: any DashboardRepository { get }
}

extension StoreCapability {
    /// Dashboard figures from rollups (`DashboardStore`). Nothing to copy: the rollup is
    /// rebuilt from the results a migration copies.
    public static let dashboard = StoreCapability("a dashboard") { $0 is any DashboardStore.Type }
}
