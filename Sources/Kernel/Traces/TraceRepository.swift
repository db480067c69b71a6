import Foundation

/// Which trace runs to list.
public struct TraceFilter: Sendable, Hashable {
    /// Runs of exactly this target.
    public var target: String?
    /// Runs with this host among their origins.
    public var host: RemoteHostID?
    /// Runs started at or after.
    public var from: Date?
    /// Runs started before.
    public var to: Date?

    /// Creates a filter; nil fields do not filter.
    public init(target: String? = nil, host: RemoteHostID? = nil, from: Date? = nil, to: Date? = nil) {
        self.target = target
        self.host = host
        self.from = from
        self.to = to
    }
}

/// Trace runs, scoped by tenant (`TraceStore`).
public protocol TraceRepository: Sendable {
    /// Stores a new run; `StoreError.conflict` when its id exists.
    func create(_ run: TraceRun) async throws
    /// Replaces a run (an origin finished); `StoreError.notFound` when it is gone.
    func update(_ run: TraceRun) async throws
    /// The run, or nil when it is not in `tenant`.
    func get(_ id: TraceRunID, tenant: TenantID) async throws -> TraceRun?
    /// Runs of `tenant` matching `filter`, newest first.
    func list(tenant: TenantID, filter: TraceFilter, page: PageRequest) async throws -> Page<TraceRun>
    /// Deletes a run; false when it was not in `tenant`.
    @discardableResult func delete(_ id: TraceRunID, tenant: TenantID) async throws -> Bool
    /// Deletes runs started before `date` (retention); returns how many.
    @discardableResult func prune(before date: Date) async throws -> Int
    /// Every run of every tenant, oldest first (store migration).
    func listAllTenants(page: PageRequest) async throws -> Page<TraceRun>
    /// Deletes every run of every tenant (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// A store that keeps trace runs.
public protocol TraceStore: Store {
    /// The runs.
    var traces: any TraceRepository { get }
}
