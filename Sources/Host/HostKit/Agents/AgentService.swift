import Foundation
import Kernel

/// Agents without HTTP: admitting connections (enrolment, credentials), and the operator's
/// decisions (approve, relabel, revoke) used by the API and the CLI. Every change is a
/// compare-and-set on the record's revision, so two servers or two operators cannot
/// overwrite each other; each decision is published, so the server holding the agent's
/// connection acts on it at once.
public struct AgentService: Sendable {
    /// What an admitted connection is.
    enum Admission: Sendable {
        /// Enrolled, waiting for approval.
        case pending(Agent)
        /// Approved; `needsCredential` when it has not received its own yet.
        case approved(Agent, needsCredential: Bool)
    }

    let store: any AgentStore
    let events: EventBus
    /// The shared secret; nil: enrolment is off.
    let secret: String?
    /// Agents that may wait for approval at once (`AgentSettings.maxPendingAgents`).
    let maxPending: Int

    /// Creates the service.
    public init(store: any AgentStore, events: EventBus, secret: String?, maxPending: Int = AgentSettings().maxPendingAgents) {
        self.store = store
        self.events = events
        self.secret = secret
        self.maxPending = maxPending
    }

    // MARK: Connections

    /// Decides whether a connection is admitted, enrolling a new agent as pending and keeping
    /// a known one's name, version, address and plugins current.
    func admit(_ hello: AgentHello, now: Date = Date()) async throws -> Admission {
        for _ in 0..<3 {
            guard let existing = try await store.agents.get(hello.id) else {
                try requireSecret(hello)
                guard try await store.agents.pendingCount() < maxPending else {
                    throw AgentRefusal(.enrolmentFull, "\(maxPending) agents already wait for approval on this server (agents.maxPendingAgents); approve or reject some")
                }
                let agent = Agent(id: hello.id, name: hello.name, version: hello.version, address: hello.address, plugins: hello.plugins,
                                  enrolledAt: now)
                do {
                    try await store.agents.create(agent)
                    return .pending(agent)
                } catch is StoreError {
                    continue  // enrolled by a concurrent connection: decide on the stored record
                }
            }
            let needsCredential: Bool
            switch existing.status {
            case .revoked:
                throw AgentRefusal(.revoked, "this agent was rejected or revoked; to enrol it again, remove agent.id from its data directory")
            case .pending:
                try requireSecret(hello)
                needsCredential = false
            case .approved:
                if let stored = existing.credentialHash {
                    guard let credential = hello.credential, AgentCredentials.matches(credential, storedHash: stored) else {
                        throw AgentRefusal(.unauthorized, "this agent's credential is missing or wrong")
                    }
                    needsCredential = false
                } else {
                    // Approved while it was away: the shared secret admits it once more, to
                    // receive its credential.
                    try requireSecret(hello)
                    needsCredential = true
                }
            }
            var current = existing
            current.name = hello.name
            current.version = hello.version
            current.address = hello.address
            current.plugins = hello.plugins
            if current != existing {
                guard try await store.agents.update(current, expectedRevision: existing.revision) else { continue }
                current.revision += 1
            }
            return existing.status == .pending ? .pending(current) : .approved(current, needsCredential: needsCredential)
        }
        throw AgentRefusal(.badRequest, "the agent's record kept changing while it connected; try again")
    }

    private func requireSecret(_ hello: AgentHello) throws(AgentRefusal) {
        guard secret != nil else {
            throw AgentRefusal(.unauthorized, "agent enrolment is off on this server: set VANTAGE_AGENT_SECRET or agents.secretFile")
        }
        guard AgentCredentials.secretMatches(hello.secret, secret: secret) else {
            throw AgentRefusal(.unauthorized, "the shared secret (VANTAGE_AGENT_SECRET) is missing or wrong")
        }
    }

    /// Keeps the hash of the credential an approved agent has saved; false when the agent is
    /// no longer approved or already has one.
    func keepCredential(hash: String, of id: AgentID) async throws -> Bool {
        guard var agent = try await store.agents.get(id), agent.status == .approved, agent.credentialHash == nil else { return false }
        let revision = agent.revision
        agent.credentialHash = hash
        return try await store.agents.update(agent, expectedRevision: revision)
    }

    /// Records a heartbeat and returns the agent as stored now (nil: gone).
    func heard(from id: AgentID, spoolDepth: Int, at now: Date = Date()) async throws -> Agent? {
        try await store.agents.seen(id, at: now, spoolDepth: spoolDepth)
        return try await store.agents.get(id)
    }

    // MARK: Operators

    /// The agents `tenant` may see.
    public func list(tenant: TenantID, page: PageRequest) async throws -> Page<Agent> {
        try await store.agents.list(visibleTo: tenant, page: page)
    }

    /// The agent if `tenant` may see it.
    public func get(_ id: AgentID, tenant: TenantID) async throws -> Agent? {
        guard let agent = try await store.agents.get(id), agent.isVisible(to: tenant) else { return nil }
        return agent
    }

    /// Approves a pending agent into `tenant` with `labels` (nil: keep them); it receives its
    /// credential on the connection it has open, or on its next one.
    public func approve(_ id: AgentID, tenant: TenantID, labels: [String]?, now: Date = Date()) async throws -> Agent {
        try await change(id, tenant: tenant) { agent in
            guard agent.status == .pending else {
                throw StoreError.conflict(entity: "agent", detail: "it is \(agent.status.rawValue), not pending")
            }
            agent.status = .approved
            agent.tenantID = tenant
            agent.decidedAt = now
            agent.credentialHash = nil
            if let labels { agent.labels = try Self.checked(labels) }
        } then: { events.publish(Event(tenantID: tenant, AgentApproved(agentID: id))) }
    }

    /// Replaces an agent's labels.
    public func relabel(_ id: AgentID, tenant: TenantID, labels: [String]) async throws -> Agent {
        try await change(id, tenant: tenant) { agent in agent.labels = try Self.checked(labels) } then: {
            events.publish(Event(tenantID: tenant, AgentUpdated(agentID: id)))
        }
    }

    /// Rejects a pending agent or revokes an approved one; its open connection is closed and
    /// every later one refused. The record stays, visible to `tenant`, with status revoked.
    public func revoke(_ id: AgentID, tenant: TenantID, now: Date = Date()) async throws -> Agent {
        try await change(id, tenant: tenant) { agent in
            guard agent.status != .revoked else { throw StoreError.conflict(entity: "agent", detail: "it is already revoked") }
            agent.status = .revoked
            agent.tenantID = agent.tenantID ?? tenant
            agent.decidedAt = now
            agent.credentialHash = nil
        } then: { events.publish(Event(tenantID: tenant, AgentRevoked(agentID: id))) }
    }

    /// Applies `edit` to the agent as `tenant` sees it, retrying when another change came
    /// first; `published` runs once the change is stored.
    private func change(_ id: AgentID, tenant: TenantID, _ edit: (inout Agent) throws -> Void,
                        then published: () -> Void) async throws -> Agent {
        for _ in 0..<5 {
            guard let existing = try await get(id, tenant: tenant) else { throw StoreError.notFound(entity: "agent", id: id.description) }
            var agent = existing
            try edit(&agent)
            if try await store.agents.update(agent, expectedRevision: existing.revision) {
                agent.revision = existing.revision + 1
                published()
                return agent
            }
        }
        throw StoreError.conflict(entity: "agent", detail: "the agent kept changing; try again")
    }

    /// Labels checked like monitor tags, without repeats.
    static func checked(_ labels: [String]) throws -> [String] {
        if let problem = MonitorTags.problem(labels) { throw Kernel.ValidationError(field: "labels", problem) }
        return MonitorTags.normalized(labels)
    }
}
