import Foundation
import GRDB
import Kernel

/// Monitors and their scheduler state in SQLite.
struct SQLiteMonitorRepository: MonitorRepository {
    let pool: DatabasePool
    static let columns = """
        id, tenant_id, name, kind, target, interval, timeout, config, paused,
        failure_threshold, recovery_threshold, created_at, updated_at, tags, locations, location_quorum
        """

    func create(_ monitor: Monitor, tenant: TenantID) async throws {
        guard monitor.tenantID == tenant else { throw StoreError.conflict(entity: "monitor", detail: "tenant mismatch") }
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO monitors (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                               arguments: Self.arguments(monitor))
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "monitor", detail: "id \(monitor.id) exists or tenant \(tenant) is unknown")
        }
    }

    func createAll(_ monitors: [Monitor], tenant: TenantID) async throws {
        guard monitors.allSatisfy({ $0.tenantID == tenant }) else { throw StoreError.conflict(entity: "monitor", detail: "tenant mismatch") }
        do {
            try await pool.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO monitors (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                for monitor in monitors { try statement.execute(arguments: Self.arguments(monitor)) }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "monitor", detail: "a monitor id exists or tenant \(tenant) is unknown; nothing was stored")
        }
    }

    func get(_ id: MonitorID, tenant: TenantID) async throws -> Monitor? {
        try await pool.read { db in
            try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM monitors WHERE id = ? AND tenant_id = ?"),
                             arguments: [id.description, tenant.description]).map(Self.monitor)
        }
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<Monitor> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, Monitor)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT seq, \(Self.columns) FROM monitors WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?"),
                             arguments: [tenant.description, after, page.limit + 1]).map { ($0["seq"], Self.monitor($0)) }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    func update(_ monitor: Monitor, tenant: TenantID) async throws {
        let changed = try await pool.write { db in
            try db.execute(sql: """
                UPDATE monitors SET name = ?, kind = ?, target = ?, interval = ?, timeout = ?, config = ?, paused = ?,
                    failure_threshold = ?, recovery_threshold = ?, updated_at = ?, tags = ?, locations = ?, location_quorum = ?
                WHERE id = ? AND tenant_id = ?
                """, arguments: [monitor.name, monitor.kind, monitor.target, monitor.interval, monitor.timeout,
                                 monitor.config.jsonText, monitor.paused, monitor.failureThreshold, monitor.recoveryThreshold,
                                 monitor.updatedAt.timeIntervalSince1970, MonitorTags.jsonText(monitor.tags),
                                 MonitorLocations.jsonText(monitor.locations), monitor.locationQuorum, monitor.id.description, tenant.description])
            return db.changesCount
        }
        if changed == 0 { throw StoreError.notFound(entity: "monitor", id: monitor.id.description) }
    }

    func delete(_ id: MonitorID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM monitors WHERE id = ? AND tenant_id = ?", arguments: [id.description, tenant.description])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: "DELETE FROM results WHERE tenant_id = ? AND monitor_id = ?", arguments: [tenant.description, id.description])
            return true
        }
    }

    func state(of id: MonitorID, tenant: TenantID) async throws -> MonitorState? {
        let text = try await pool.read { db in
            try String.fetchOne(try db.cachedStatement(sql: "SELECT state FROM monitor_states WHERE monitor_id = ? AND tenant_id = ?"),
                                arguments: [id.description, tenant.description])
        }
        return try text.map { try JSONDecoder().decode(MonitorState.self, from: Data($0.utf8)) }
    }

    func states(of ids: [MonitorID], tenant: TenantID) async throws -> [MonitorID: MonitorState] {
        guard !ids.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
        let arguments = StatementArguments([tenant.description] + ids.map(\.description))
        let rows: [(String, String)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT monitor_id, state FROM monitor_states WHERE tenant_id = ? AND monitor_id IN (\(placeholders))",
                             arguments: arguments).map { ($0["monitor_id"], $0["state"]) }
        }
        let decoder = JSONDecoder()
        var states: [MonitorID: MonitorState] = [:]
        for (id, text) in rows {
            if let id = MonitorID(id), let state = try? decoder.decode(MonitorState.self, from: Data(text.utf8)) { states[id] = state }
        }
        return states
    }

    func saveStates(_ updates: [MonitorStateUpdate]) async throws {
        let rows = Self.stateRows(updates)
        try await pool.write { db in try Self.save(rows, into: db) }
    }

    /// The updates with their states as JSON text.
    static func stateRows(_ updates: [MonitorStateUpdate]) -> [(MonitorStateUpdate, String)] {
        updates.map { update in (update, update.state.jsonText) }
    }

    /// Saves states within the caller's transaction, 50 to a statement; states of deleted
    /// monitors are ignored. When one monitor appears twice, the later state wins.
    static func save(_ rows: [(MonitorStateUpdate, String)], into db: Database) throws {
        try stateUpsert.run(db, count: rows.count) { binder, index in
            let (update, text) = rows[index]
            binder.text(update.monitorID.description); binder.text(update.tenantID.description); binder.text(text)
        }
    }

    private static let stateUpsert = SQLiteBulkInsert(
        head: "INSERT INTO monitor_states (monitor_id, tenant_id, state) SELECT v.column1, v.column2, v.column3 FROM (VALUES",
        tail: """
            ) AS v WHERE EXISTS (SELECT 1 FROM monitors WHERE id = v.column1 AND tenant_id = v.column2)
            ON CONFLICT (monitor_id) DO UPDATE SET state = excluded.state
            """,
        columns: 3, rowsPerStatement: 50)

    func listAllTenantsForScheduling() async throws -> [(Monitor, MonitorState?)] {
        let prefixed = Self.columns.split(separator: ",").map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        // A cursor: each row is decoded as it is read, not a million rows held first.
        return try await pool.read { db in
            let decoder = JSONDecoder()
            let rows = try Row.fetchCursor(try db.cachedStatement(sql: """
                SELECT \(prefixed.joined(separator: ", ")), s.state
                FROM monitors m LEFT JOIN monitor_states s ON s.monitor_id = m.id ORDER BY m.seq
                """))
            var monitors: [(Monitor, MonitorState?)] = []
            while let row = try rows.next() {
                let text: String? = row["state"]
                monitors.append((Self.monitor(row), text.flatMap { try? decoder.decode(MonitorState.self, from: Data($0.utf8)) }))
            }
            return monitors
        }
    }

    private static func arguments(_ monitor: Monitor) -> StatementArguments {
        [monitor.id.description, monitor.tenantID.description, monitor.name, monitor.kind, monitor.target,
         monitor.interval, monitor.timeout, monitor.config.jsonText, monitor.paused, monitor.failureThreshold,
         monitor.recoveryThreshold, monitor.createdAt.timeIntervalSince1970, monitor.updatedAt.timeIntervalSince1970,
         MonitorTags.jsonText(monitor.tags), MonitorLocations.jsonText(monitor.locations), monitor.locationQuorum]
    }

    static func monitor(_ row: Row) -> Monitor {
        let configText: String = row["config"]
        return Monitor(
            id: MonitorID(row["id"] as String)!, tenantID: TenantID(row["tenant_id"] as String)!,
            name: row["name"], kind: row["kind"], target: row["target"],
            interval: row["interval"], timeout: row["timeout"],
            config: (try? JSONValue.parse(Data(configText.utf8))) ?? .emptyObject,
            paused: row["paused"], failureThreshold: row["failure_threshold"], recoveryThreshold: row["recovery_threshold"],
            tags: MonitorTags.decode(jsonText: row["tags"]), locations: MonitorLocations.decode(jsonText: row["locations"]),
            locationQuorum: row["location_quorum"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
