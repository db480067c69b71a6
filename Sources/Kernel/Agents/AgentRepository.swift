import Foundation

/// Agents of every tenant (`AgentStore`). Agents are found by id across tenants (an agent
/// connects before it belongs to one); what a tenant may see is decided by
/// `Agent.isVisible(to:)`, applied by `list(visibleTo:page:)` and by callers of `get`.
public protocol AgentRepository: Sendable {
    /// Stores a newly enrolled agent; `StoreError.conflict` when its id exists.
    func create(_ agent: Agent) async throws
    /// The agent, whatever its tenant, or nil.
    func get(_ id: AgentID) async throws -> Agent?
    /// Replaces the agent if its stored revision is still `expectedRevision`, storing it with
    /// the revision one higher; false when another change came first or it is gone.
    func update(_ agent: Agent, expectedRevision: Int) async throws -> Bool
    /// Records that the agent was heard from, without touching the rest of its record (a
    /// heartbeat must not race an approval).
    func seen(_ id: AgentID, at: Date, spoolDepth: Int) async throws
    /// The agents `tenant` may see (its own and every pending one), in enrolment order.
    func list(visibleTo tenant: TenantID, page: PageRequest) async throws -> Page<Agent>
    /// Every agent, in enrolment order (store migration, `vantage agents list`).
    func listAll(page: PageRequest) async throws -> Page<Agent>
    /// Deletes every agent (`vantage store migrate --force`).
    func eraseAll() async throws
    /// Keeps each location's state of a monitor (the last of each pair wins); states of
    /// deleted monitors are ignored.
    func saveLocationStates(_ states: [LocationState]) async throws
    /// The state at each location of a monitor of `tenant`, by location.
    func locationStates(of monitor: MonitorID, tenant: TenantID) async throws -> [String: MonitorState]
    /// Every location state of every tenant (`vantage store migrate`).
    func allLocationStates() async throws -> [LocationState]
}

extension AgentRepository {
    /// Every approved agent of `tenant`, read a page at a time.
    public func approved(in tenant: TenantID) async throws -> [Agent] {
        try await every({ try await list(visibleTo: tenant, page: $0) }) { $0.status == .approved && $0.tenantID == tenant }
    }

    /// How many agents wait for approval, of every tenant (read a page at a time; asked only
    /// when a new agent enrols).
    public func pendingCount() async throws -> Int {
        try await every({ try await listAll(page: $0) }) { $0.status == .pending }.count
    }

    /// The agents of every page of `pages` that satisfy `isIncluded`.
    private func every(_ pages: (PageRequest) async throws -> Page<Agent>, where isIncluded: (Agent) -> Bool) async throws -> [Agent] {
        var found: [Agent] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let next = try await pages(page)
            found += next.items.filter(isIncluded)
            page.cursor = next.nextCursor
        } while page.cursor != nil
        return found
    }
}

/// A store that keeps agents.
public protocol AgentStore: Store {
    /// The agents.
    var agents: any AgentRepository { get }
}

extension StoreCapability {
    /// Agents that run monitors from other locations (`AgentStore`).
    public static let agents = StoreCapability("agents", sections: [.agents]) { $0 is any AgentStore.Type }
}

extension StoreSection {
    /// Agents of every tenant with their status and credential hash, so approved agents keep
    /// connecting after a migration.
    public static let agents = StoreSection(
        "agents",
        holdsRecords: { store in
            guard let store = store as? any AgentStore else { return false }
            return try await !store.agents.listAll(page: PageRequest(limit: 1)).items.isEmpty
        },
        copy: { context in
            guard let source = context.source as? any AgentStore, let target = context.target as? any AgentStore else { return }
            let agents = try await context.all { try await source.agents.listAll(page: $0) }
            for agent in agents { try await target.agents.create(agent) }
            context.count("agents", agents.count)
            let states = try await source.agents.allLocationStates()
            try await target.agents.saveLocationStates(states)
            context.count("location states", states.count)
        },
        erase: { store in try await (store as? any AgentStore)?.agents.eraseAll() }
    )
}
