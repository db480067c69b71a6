import Foundation
import Kernel

/// Agents in memory, in enrolment order.
actor InMemoryAgents: AgentRepository {
    private var agents: [(seq: Int64, agent: Agent)] = []
    private var nextSeq: Int64 = 1

    func create(_ agent: Agent) throws {
        if agents.contains(where: { $0.agent.id == agent.id }) { throw StoreError.conflict(entity: "agent", detail: "id \(agent.id) exists") }
        agents.append((nextSeq, agent))
        nextSeq += 1
    }

    func get(_ id: AgentID) -> Agent? { agents.first { $0.agent.id == id }?.agent }

    func update(_ agent: Agent, expectedRevision: Int) -> Bool {
        guard let index = agents.firstIndex(where: { $0.agent.id == agent.id }), agents[index].agent.revision == expectedRevision else { return false }
        var stored = agent
        stored.revision = expectedRevision + 1
        // Heartbeat fields belong to `seen`.
        stored.lastSeenAt = agents[index].agent.lastSeenAt
        stored.spoolDepth = agents[index].agent.spoolDepth
        agents[index].agent = stored
        return true
    }

    func seen(_ id: AgentID, at: Date, spoolDepth: Int) {
        guard let index = agents.firstIndex(where: { $0.agent.id == id }) else { return }
        agents[index].agent.lastSeenAt = at
        agents[index].agent.spoolDepth = spoolDepth
    }

    func list(visibleTo tenant: TenantID, page: PageRequest) -> Page<Agent> {
        self.page(agents.filter { $0.agent.isVisible(to: tenant) }, page)
    }

    func listAll(page: PageRequest) -> Page<Agent> { self.page(agents, page) }

    func eraseAll() { agents.removeAll() }

    private var locations: [MonitorID: [String: (tenant: TenantID, state: MonitorState)]] = [:]

    func saveLocationStates(_ states: [LocationState]) {
        for state in states { locations[state.monitorID, default: [:]][state.location] = (state.tenantID, state.state) }
    }

    func locationStates(of monitor: MonitorID, tenant: TenantID) -> [String: MonitorState] {
        (locations[monitor] ?? [:]).filter { $0.value.tenant == tenant }.mapValues(\.state)
    }

    func allLocationStates() -> [LocationState] {
        locations.sorted { $0.key.description < $1.key.description }.flatMap { monitor, states in
            states.sorted { $0.key < $1.key }.map { LocationState(tenantID: $0.value.tenant, monitorID: monitor, location: $0.key, state: $0.value.state) }
        }
    }

    private func page(_ rows: [(seq: Int64, agent: Agent)], _ page: PageRequest) -> Page<Agent> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: rows.filter { $0.seq > after }.prefix(page.limit + 1).map { ($0.seq, $0.agent) }, limit: page.limit)
    }
}
