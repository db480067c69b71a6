import Foundation
import GRDB
import Kernel

/// Agents in SQLite: the record as a JSON document, with its tenant, status and revision in
/// columns for queries and compare-and-set, and the heartbeat's fields beside it.
struct SQLiteAgentRepository: AgentRepository {
    let pool: DatabasePool

    func create(_ agent: Agent) async throws {
        let document = try JSONDocument.encode(agent)
        do {
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO agents (id, tenant_id, status, revision, last_seen, spool_depth, document) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [agent.id.description, agent.tenantID?.description, agent.status.rawValue, agent.revision,
                                     agent.lastSeenAt?.timeIntervalSince1970, agent.spoolDepth, document])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "agent", detail: "an agent with id \(agent.id) exists")
        }
    }

    func get(_ id: AgentID) async throws -> Agent? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT document, last_seen, spool_depth FROM agents WHERE id = ?", arguments: [id.description])
                .flatMap(Self.agent)
        }
    }

    func update(_ agent: Agent, expectedRevision: Int) async throws -> Bool {
        var changed = agent
        changed.revision = expectedRevision + 1
        let stored = changed, document = try JSONDocument.encode(stored)
        return try await pool.write { db in
            try db.execute(sql: "UPDATE agents SET tenant_id = ?, status = ?, revision = ?, document = ? WHERE id = ? AND revision = ?",
                           arguments: [stored.tenantID?.description, stored.status.rawValue, stored.revision, document,
                                       agent.id.description, expectedRevision])
            return db.changesCount > 0
        }
    }

    func seen(_ id: AgentID, at: Date, spoolDepth: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE agents SET last_seen = ?, spool_depth = ? WHERE id = ?",
                           arguments: [at.timeIntervalSince1970, spoolDepth, id.description])
        }
    }

    func list(visibleTo tenant: TenantID, page: PageRequest) async throws -> Page<Agent> {
        try await self.page(where: "(tenant_id = ? OR (tenant_id IS NULL AND status = 'pending')) AND", [tenant.description], page)
    }

    func listAll(page: PageRequest) async throws -> Page<Agent> { try await self.page(where: "", [], page) }

    func eraseAll() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM agents") }
    }

    func saveLocationStates(_ states: [LocationState]) async throws {
        let rows = try states.map { ($0.monitorID.description, $0.location, $0.tenantID.description, try JSONDocument.encode($0.state)) }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO location_states (monitor_id, location, tenant_id, state)
                SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM monitors WHERE id = ?1 AND tenant_id = ?3)
                ON CONFLICT (monitor_id, location) DO UPDATE SET state = excluded.state
                """)
            for row in rows { try statement.execute(arguments: [row.0, row.1, row.2, row.3]) }
        }
    }

    func locationStates(of monitor: MonitorID, tenant: TenantID) async throws -> [String: MonitorState] {
        let rows: [(String, String)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT location, state FROM location_states WHERE monitor_id = ? AND tenant_id = ?",
                             arguments: [monitor.description, tenant.description]).map { ($0["location"], $0["state"]) }
        }
        var states: [String: MonitorState] = [:]
        for (location, text) in rows { states[location] = JSONDocument.decode(MonitorState.self, from: text) }
        return states
    }

    func allLocationStates() async throws -> [LocationState] {
        let rows: [(String, String, String, String)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT tenant_id, monitor_id, location, state FROM location_states ORDER BY monitor_id, location")
                .map { ($0["tenant_id"], $0["monitor_id"], $0["location"], $0["state"]) }
        }
        return rows.compactMap { tenant, monitor, location, text in
            guard let tenantID = TenantID(tenant), let monitorID = MonitorID(monitor),
                  let state = JSONDocument.decode(MonitorState.self, from: text) else { return nil }
            return LocationState(tenantID: tenantID, monitorID: monitorID, location: location, state: state)
        }
    }

    private func page(where condition: String, _ arguments: [String], _ page: PageRequest) async throws -> Page<Agent> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, Agent)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, document, last_seen, spool_depth FROM agents WHERE \(condition) seq > ? ORDER BY seq LIMIT ?",
                             arguments: StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? } + [after, page.limit + 1]))
                .compactMap { row in Self.agent(row).map { (row["seq"], $0) } }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    /// The record of a row, with the heartbeat's columns applied.
    private static func agent(_ row: Row) -> Agent? {
        guard var agent = JSONDocument.decode(Agent.self, from: row["document"] as String?) else { return nil }
        agent.lastSeenAt = (row["last_seen"] as Double?).map(Date.init(timeIntervalSince1970:))
        agent.spoolDepth = row["spool_depth"]
        return agent
    }
}
