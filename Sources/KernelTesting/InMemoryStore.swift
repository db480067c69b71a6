import Foundation
import Kernel

/// A store that keeps everything in memory: a fake for unit tests of logic that needs a
/// store (the scheduler), and a second implementation the conformance suite runs against.
/// It can be told to fail, to test outage handling.
public class InMemoryStore: Store, @unchecked Sendable {
    public static let id = PluginID("store.memory")!
    public static let summary = "In-memory store for tests; nothing is persisted"

    let data: InMemoryData
    public var tenants: any TenantRepository { InMemoryTenants(data: data) }
    public var monitors: any MonitorRepository { InMemoryMonitors(data: data) }
    public var results: any ResultRepository { InMemoryResults(data: data) }
    public var checks: any CheckRepository { InMemoryChecks(data: data) }
    public var users: any UserRepository { InMemoryUsers(data: data) }
    public var memberships: any MembershipRepository { InMemoryMemberships(data: data) }
    public var apiKeys: any APIKeyRepository { InMemoryAPIKeys(data: data) }

    public required init(configuration: EmptyConfiguration, context: PluginContext) async throws { data = InMemoryData() }

    /// Creates an empty store.
    public init() { data = InMemoryData() }

    init(data: InMemoryData) { self.data = data }

    /// While true, every call throws `StoreError.unavailable`.
    public func setFailing(_ failing: Bool) async { await data.setFailing(failing) }

    /// How many times `results.list` was called: a test of the scheduler's start-up load
    /// checks that no monitor reads its last result on its own.
    public func resultListCalls() async -> Int { await data.resultListCalls }

    public func checkHealth() async throws { try await data.check() }

    public func eraseAllTenants() async throws { try await data.erase() }
}

/// An in-memory store that also offers monitor leases (`LeaseStore`), as a store shared by
/// several servers does, so that several schedulers can divide its monitors in a test.
public final class InMemoryLeasedStore: InMemoryStore, LeaseStore, @unchecked Sendable {
    private let sharedLeases: InMemoryLeases
    public var leases: any LeaseRepository { sharedLeases }

    /// Creates an empty store with no leases taken, whose leases expire on `clock`.
    public init(clock: any SchedulerClock = WallClock()) {
        let data = InMemoryData()
        sharedLeases = InMemoryLeases(data: data, clock: clock)
        super.init(data: data)
    }

    public required init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        let data = InMemoryData()
        sharedLeases = InMemoryLeases(data: data, clock: WallClock())
        super.init(data: data)
    }
}

/// The shared state behind the in-memory repositories.
actor InMemoryData {
    var failing = false
    var tenants: [TenantID: Tenant] = [:]
    var tenantOrder: [TenantID] = []
    var monitors: [(seq: Int, monitor: Monitor)] = []
    var nextSeq = 0
    var states: [MonitorID: MonitorStateUpdate] = [:]
    var results: [ResultRecord] = []
    var nextResultID: Int64 = 0
    var outbox: [OutboxEntry] = []
    var nextOutboxSequence: Int64 = 0
    var deliveryCursors: [String: Int64] = [:]
    var users: [User] = []
    var memberships: [Membership] = []
    var keys: [APIKey] = []

    func setFailing(_ value: Bool) { failing = value }

    private(set) var resultListCalls = 0
    func countResultList() { resultListCalls += 1 }
    func check() throws { if failing { throw StoreError.unavailable("in-memory store set to fail") } }

    func createTenant(_ tenant: Tenant) throws {
        try check()
        guard tenants[tenant.id] == nil else { throw StoreError.conflict(entity: "tenant", detail: "exists") }
        tenants[tenant.id] = tenant
        tenantOrder.append(tenant.id)
    }

    func tenant(_ id: TenantID) throws -> Tenant? { try check(); return tenants[id] }

    func setEgress(_ policy: EgressPolicy, tenant: TenantID) throws {
        try check()
        guard tenants[tenant] != nil else { throw StoreError.notFound(entity: "tenant", id: tenant.description) }
        tenants[tenant]?.egress = policy
    }

    func ensure(_ tenant: Tenant) throws -> Tenant {
        try check()
        if let existing = tenants[tenant.id] { return existing }
        tenants[tenant.id] = tenant
        tenantOrder.append(tenant.id)
        return tenant
    }

    func allTenants(page: PageRequest) throws -> Page<Tenant> {
        try check()
        let after = page.cursor.flatMap(Int.init) ?? 0
        let rows = tenantOrder.enumerated().filter { $0.offset + 1 > after }.prefix(page.limit + 1)
            .compactMap { item in tenants[item.element].map { (Int64(item.offset + 1), $0) } }
        return Page(sequenced: rows, limit: page.limit)
    }

    func latestOfEveryMonitor() throws -> [ResultRecord] {
        try check()
        var latest: [MonitorID: ResultRecord] = [:]
        for record in results {
            guard let id = record.monitorID else { continue }
            if let known = latest[id], known.startedAt > record.startedAt { continue }
            latest[id] = record
        }
        return Array(latest.values)
    }

    func export(afterID: Int64?, limit: Int) throws -> [ResultRecord] {
        try check()
        return Array(results.filter { ($0.id ?? 0) > (afterID ?? 0) }.prefix(max(limit, 1)))
    }

    func erase() throws {
        try check()
        tenants = [:]
        tenantOrder = []
        monitors = []
        states = [:]
        results = []
        outbox = []
        users = []
        memberships = []
        keys = []
    }

    func create(_ monitor: Monitor, tenant: TenantID) throws {
        try check()
        guard monitor.tenantID == tenant, tenants[tenant] != nil, !monitors.contains(where: { $0.monitor.id == monitor.id }) else {
            throw StoreError.conflict(entity: "monitor", detail: "exists, or tenant mismatch")
        }
        nextSeq += 1
        monitors.append((nextSeq, monitor))
    }

    func monitor(_ id: MonitorID, tenant: TenantID) throws -> Monitor? {
        try check()
        return monitors.first { $0.monitor.id == id && $0.monitor.tenantID == tenant }?.monitor
    }

    func list(tenant: TenantID, page: PageRequest) throws -> Page<Monitor> {
        try check()
        let after = page.cursor.flatMap(Int.init) ?? 0
        let matching = monitors.filter { $0.monitor.tenantID == tenant && $0.seq > after }
        let items = matching.prefix(page.limit)
        return Page(items: items.map(\.monitor), nextCursor: matching.count > page.limit ? items.last.map { String($0.seq) } : nil)
    }

    func update(_ monitor: Monitor, tenant: TenantID) throws {
        try check()
        guard let index = monitors.firstIndex(where: { $0.monitor.id == monitor.id && $0.monitor.tenantID == tenant }) else {
            throw StoreError.notFound(entity: "monitor", id: monitor.id.description)
        }
        monitors[index].monitor = monitor
    }

    func delete(_ id: MonitorID, tenant: TenantID) throws -> Bool {
        try check()
        guard let index = monitors.firstIndex(where: { $0.monitor.id == id && $0.monitor.tenantID == tenant }) else { return false }
        monitors.remove(at: index)
        states[id] = nil
        results.removeAll { $0.monitorID == id && $0.tenantID == tenant }
        return true
    }

    func state(_ id: MonitorID, tenant: TenantID) throws -> MonitorState? {
        try check()
        guard let update = states[id], update.tenantID == tenant else { return nil }
        return update.state
    }

    func save(_ updates: [MonitorStateUpdate]) throws {
        try check()
        for update in updates where monitors.contains(where: { $0.monitor.id == update.monitorID && $0.monitor.tenantID == update.tenantID }) {
            states[update.monitorID] = update
        }
    }

    func all() throws -> [(Monitor, MonitorState?)] {
        try check()
        return monitors.map { ($0.monitor, states[$0.monitor.id]?.state) }
    }

    func append(_ records: [ResultRecord]) throws {
        try check()
        for var record in records {
            nextResultID += 1
            record.id = nextResultID
            results.append(record)
        }
    }

    func results(tenant: TenantID, scope: ResultScope, from: Date?, to: Date?) throws -> [ResultRecord] {
        try check()
        return results.filter { record in
            guard record.tenantID == tenant else { return false }
            switch scope {
            case .monitor(let id): guard record.monitorID == id else { return false }
            case .adHoc: guard record.monitorID == nil else { return false }
            }
            if let from, record.startedAt < from { return false }
            if let to, record.startedAt >= to { return false }
            return true
        }
    }

    func prune(before cutoff: Date) throws -> Int {
        try check()
        let before = results.count
        results.removeAll { $0.startedAt < cutoff }
        return before - results.count
    }
}
