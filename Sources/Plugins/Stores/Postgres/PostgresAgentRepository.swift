import Foundation
import Kernel

/// Agents in PostgreSQL: the record as a JSON document, with its tenant, status and revision
/// in columns for queries and compare-and-set, and the heartbeat's fields beside it.
struct PostgresAgentRepository: AgentRepository {
    let pool: PGConnectionPool

    func create(_ agent: Agent) async throws {
        let document = try JSONDocument.encode(agent)
        do {
            try await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO agents (id, tenant_id, status, revision, last_seen, spool_depth, document) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [agent.id.description, agent.tenantID?.description, agent.status.rawValue, String(agent.revision),
                          PGValues.epoch(agent.lastSeenAt), String(agent.spoolDepth), PGValues.text(document)])
            }
        } catch {
            throw error.asStoreError(entity: "agent", conflict: "an agent with id \(agent.id) exists")
        }
    }

    func get(_ id: AgentID) async throws -> Agent? {
        try await pool.withConnection { connection in
            try connection.query("SELECT document, last_seen, spool_depth FROM agents WHERE id = $1", [id.description]).first
        }.flatMap(Self.agent)
    }

    func update(_ agent: Agent, expectedRevision: Int) async throws -> Bool {
        var changed = agent
        changed.revision = expectedRevision + 1
        let stored = changed, document = try JSONDocument.encode(stored)
        return try await pool.withConnection { connection in
            try connection.query("UPDATE agents SET tenant_id = $1, status = $2, revision = $3, document = $4 WHERE id = $5 AND revision = $6",
                                 [stored.tenantID?.description, stored.status.rawValue, String(stored.revision), PGValues.text(document),
                                  agent.id.description, String(expectedRevision)]).affected > 0
        }
    }

    func seen(_ id: AgentID, at: Date, spoolDepth: Int) async throws {
        try await pool.withConnection { connection in
            _ = try connection.query("UPDATE agents SET last_seen = $1, spool_depth = $2 WHERE id = $3",
                                     [PGValues.epoch(at), String(spoolDepth), id.description])
        }
    }

    func list(visibleTo tenant: TenantID, page: PageRequest) async throws -> Page<Agent> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await rows("""
            SELECT seq, document, last_seen, spool_depth FROM agents
            WHERE (tenant_id = $1 OR (tenant_id IS NULL AND status = 'pending')) AND seq > $2 ORDER BY seq LIMIT $3
            """, [tenant.description, String(after), String(page.limit + 1)], limit: page.limit)
    }

    func listAll(page: PageRequest) async throws -> Page<Agent> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await rows("SELECT seq, document, last_seen, spool_depth FROM agents WHERE seq > $1 ORDER BY seq LIMIT $2",
                              [String(after), String(page.limit + 1)], limit: page.limit)
    }

    func eraseAll() async throws {
        try await pool.withConnection { connection in _ = try connection.query("DELETE FROM agents") }
    }

    func saveLocationStates(_ states: [LocationState]) async throws {
        guard !states.isEmpty else { return }
        var latest: [String: LocationState] = [:]
        for state in states { latest["\(state.monitorID)|\(state.location)"] = state }
        let rows = try latest.values.map { [$0.monitorID.description, $0.location, $0.tenantID.description, PGValues.text(try JSONDocument.encode($0.state))] }
        try await pool.withConnection { connection in
            for row in rows {
                try connection.query("""
                    INSERT INTO location_states (monitor_id, location, tenant_id, state)
                    SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM monitors WHERE id = $1 AND tenant_id = $3)
                    ON CONFLICT (monitor_id, location) DO UPDATE SET state = excluded.state
                    """, row)
            }
        }
    }

    func locationStates(of monitor: MonitorID, tenant: TenantID) async throws -> [String: MonitorState] {
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT location, state FROM location_states WHERE monitor_id = $1 AND tenant_id = $2",
                                 [monitor.description, tenant.description]).all
        }
        var states: [String: MonitorState] = [:]
        for row in rows { states[row.string("location")] = JSONDocument.decode(MonitorState.self, from: row["state"]) }
        return states
    }

    func allLocationStates() async throws -> [LocationState] {
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT tenant_id, monitor_id, location, state FROM location_states ORDER BY monitor_id, location", []).all
        }
        return rows.compactMap { row in
            guard let tenant = TenantID(row.string("tenant_id")), let monitor = MonitorID(row.string("monitor_id")),
                  let state = JSONDocument.decode(MonitorState.self, from: row["state"]) else { return nil }
            return LocationState(tenantID: tenant, monitorID: monitor, location: row.string("location"), state: state)
        }
    }

    private func rows(_ sql: String, _ parameters: [String?], limit: Int) async throws -> Page<Agent> {
        let rows = try await pool.withConnection { connection in try connection.query(sql, parameters).all }
        return Page(sequenced: rows.compactMap { row in Self.agent(row).map { (row.int64("seq"), $0) } }, limit: limit)
    }

    /// The record of a row, with the heartbeat's columns applied.
    private static func agent(_ row: PGRow) -> Agent? {
        guard var agent = JSONDocument.decode(Agent.self, from: row["document"]) else { return nil }
        agent.lastSeenAt = row.double("last_seen").map(Date.init(timeIntervalSince1970:))
        agent.spoolDepth = row.int("spool_depth")
        return agent
    }
}
