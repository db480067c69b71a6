import Foundation

/// The core of every store: tenants and identity, monitors, results and health, behind small
/// tenant-scoped repositories. Other families of records are capabilities beside it, each its
/// own protocol found by conformance (`LeaseStore`, `EventRelayStore`; see `StoreCapability`),
/// so a store that keeps only the core stays a complete store as the framework grows.
///
/// Every record carries its tenant and every repository call takes one: there is no query
/// that crosses tenants by accident. The few calls that must see every tenant (the
/// scheduler's load, retention) say so in their names. Every store passes the conformance
/// suite in `KernelTesting` (`StoreConformance.cases`).
///
/// Lifecycle: the host constructs the store first (opening and migrating the database in
/// `init`), and stops it last.
public protocol Store: Plugin {
    /// Tenants.
    var tenants: any TenantRepository { get }
    /// Monitors and their scheduler state.
    var monitors: any MonitorRepository { get }
    /// Probe results as a time series.
    var results: any ResultRepository { get }
    /// Results, states and the events they caused, written together; the event outbox.
    var checks: any CheckRepository { get }
    /// Users (global).
    var users: any UserRepository { get }
    /// Tenant memberships and roles.
    var memberships: any MembershipRepository { get }
    /// API keys.
    var apiKeys: any APIKeyRepository { get }
    /// Throws when the store cannot serve requests now (for `/health/ready`).
    func checkHealth() async throws
    /// Deletes every core record of every tenant: tenants, users, monitors, states, results,
    /// keys. Only `vantage store migrate --force` calls it, to start a copy over.
    func eraseAllTenants() async throws
}

/// Tenants.
public protocol TenantRepository: Sendable {
    /// Stores a tenant; throws `StoreError.conflict` if its id exists.
    func create(_ tenant: Tenant) async throws
    /// A tenant, or nil.
    func get(_ id: TenantID) async throws -> Tenant?
    /// Creates the tenant if it does not exist; returns the stored one.
    func ensure(_ tenant: Tenant) async throws -> Tenant
    /// Every tenant, oldest first (store migration).
    func listAllTenants(page: PageRequest) async throws -> Page<Tenant>
    /// Replaces a tenant's egress policy; throws `StoreError.notFound` for an unknown tenant.
    func setEgress(_ policy: EgressPolicy, tenant: TenantID) async throws
}

/// Monitors and their scheduler state, scoped by tenant.
public protocol MonitorRepository: Sendable {
    /// Stores a new monitor in `tenant`; its `tenantID` must be `tenant`.
    func create(_ monitor: Monitor, tenant: TenantID) async throws
    /// Stores new monitors of `tenant` in one transaction: every one of them, or none (an id
    /// that exists, a monitor of another tenant or an unknown tenant is `StoreError.conflict`).
    /// A bulk import of a million monitors goes through here.
    func createAll(_ monitors: [Monitor], tenant: TenantID) async throws
    /// The monitor, or nil when it does not exist in `tenant`.
    func get(_ id: MonitorID, tenant: TenantID) async throws -> Monitor?
    /// Monitors of `tenant`, oldest first.
    func list(tenant: TenantID, page: PageRequest) async throws -> Page<Monitor>
    /// Replaces a monitor; throws `StoreError.notFound` when it is not in `tenant`.
    func update(_ monitor: Monitor, tenant: TenantID) async throws
    /// Deletes a monitor, its state and its results; false when it was not in `tenant`.
    @discardableResult func delete(_ id: MonitorID, tenant: TenantID) async throws -> Bool
    /// The scheduler state of a monitor, or nil when it has none yet.
    func state(of id: MonitorID, tenant: TenantID) async throws -> MonitorState?
    /// The scheduler states of several monitors of `tenant`, by id; ids without state (or of
    /// another tenant) are absent.
    func states(of ids: [MonitorID], tenant: TenantID) async throws -> [MonitorID: MonitorState]
    /// Persists scheduler states in one batch; updates for deleted monitors are ignored.
    func saveStates(_ updates: [MonitorStateUpdate]) async throws
    /// Every monitor of every tenant with its state: the scheduler's load at start-up.
    func listAllTenantsForScheduling() async throws -> [(Monitor, MonitorState?)]
    /// One page of the tenant's monitors that match `search`, with the number of matches.
    /// A default reads every monitor and filters (`MonitorSearch.matches`); a store may answer
    /// it with a query of its own.
    func search(tenant: TenantID, _ search: MonitorSearch) async throws -> MonitorSearchPage
}

/// Which results a query reads: one monitor's, or the tenant's one-shot probes.
public enum ResultScope: Sendable, Hashable {
    /// A monitor's results.
    case monitor(MonitorID)
    /// One-shot probes run through the API or CLI (probe history).
    case adHoc
}

extension ResultRepository {
    /// Results of every location, newest first, optionally within `[from, to)`.
    public func list(tenant: TenantID, scope: ResultScope, from: Date?, to: Date?, page: PageRequest) async throws -> Page<ResultRecord> {
        try await list(tenant: tenant, scope: scope, location: nil, from: from, to: to, page: page)
    }

    /// Status buckets over every location's results.
    public func statusBuckets(tenant: TenantID, monitor: MonitorID, from: Date, to: Date, bucketSeconds: Int) async throws -> [StatusBucket] {
        try await statusBuckets(tenant: tenant, monitor: monitor, location: nil, from: from, to: to, bucketSeconds: bucketSeconds)
    }

    /// Uptime over every location's results.
    public func uptime(tenant: TenantID, monitor: MonitorID, since: Date) async throws -> UptimeFigure {
        try await uptime(tenant: tenant, monitor: monitor, location: nil, since: since)
    }
}

/// Probe results as a time series, scoped by tenant.
public protocol ResultRepository: Sendable {
    /// Appends records in one batch (each carries its tenant).
    func append(_ records: [ResultRecord]) async throws
    /// Results newest first, optionally within `[from, to)` and of one `location` (nil: all).
    func list(tenant: TenantID, scope: ResultScope, location: ResultLocation?, from: Date?, to: Date?, page: PageRequest) async throws -> Page<ResultRecord>
    /// Counts per status in buckets of `bucketSeconds` covering `[from, to)`, oldest first; every
    /// bucket is present, empty ones with zero counts (72 one-hour buckets draw a 72-hour bar).
    /// Of one `location`'s results, or of all (nil).
    func statusBuckets(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, from: Date, to: Date, bucketSeconds: Int) async throws -> [StatusBucket]
    /// Uptime of a monitor since a time, at one `location` or over all (nil).
    func uptime(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, since: Date) async throws -> UptimeFigure
    /// Results of every tenant in the order they were stored, after the one with id `afterID`
    /// (store migration reads them this way, in batches).
    func exportAllTenants(afterID: Int64?, limit: Int) async throws -> [ResultRecord]
    /// The latest result (by start time) of every monitor of every tenant that has one, in
    /// one read: the scheduler's start-up load, so that no monitor's first run has to ask.
    func latestOfEveryMonitor() async throws -> [ResultRecord]
    /// Deletes results of every tenant that started before `cutoff` (retention); returns how many.
    @discardableResult func pruneAllTenants(olderThan cutoff: Date) async throws -> Int
}
