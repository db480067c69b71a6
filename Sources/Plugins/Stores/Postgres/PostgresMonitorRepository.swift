import Foundation
import Kernel

/// Monitors and their scheduler state in PostgreSQL (`config` and `state` as `jsonb`).
struct PostgresMonitorRepository: MonitorRepository {
    let pool: PGConnectionPool
    static let columns = """
        m.id, m.tenant_id, m.name, m.kind, m.target, m.interval_seconds, m.timeout_seconds, m.config, m.paused,
        m.failure_threshold, m.recovery_threshold, \(PGValues.epochColumn("created_at", from: "m")),
        \(PGValues.epochColumn("updated_at", from: "m")), m.tags, m.locations, m.location_quorum
        """

    func create(_ monitor: Monitor, tenant: TenantID) async throws {
        guard monitor.tenantID == tenant else { throw StoreError.conflict(entity: "monitor", detail: "tenant mismatch") }
        do {
            try await pool.withConnection { connection in
                try connection.query("""
                    INSERT INTO monitors (id, tenant_id, name, kind, target, interval_seconds, timeout_seconds, config, paused,
                        failure_threshold, recovery_threshold, created_at, updated_at, tags, locations, location_quorum)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, to_timestamp($12), to_timestamp($13), $14, $15, $16)
                    """, Self.parameters(monitor))
            }
        } catch {
            throw error.asStoreError(entity: "monitor", conflict: "id \(monitor.id) exists or tenant \(tenant) is unknown")
        }
    }

    func createAll(_ monitors: [Monitor], tenant: TenantID) async throws {
        guard monitors.allSatisfy({ $0.tenantID == tenant }) else { throw StoreError.conflict(entity: "monitor", detail: "tenant mismatch") }
        // Chunks of 10,000 rows as arrays (one round trip each), all in one transaction.
        let chunks = stride(from: 0, to: monitors.count, by: 10_000).map { start in
            Self.columnArrays(monitors[start..<min(start + 10_000, monitors.count)])
        }
        do {
            try await pool.withConnection { connection in
                try connection.transaction {
                    for chunk in chunks {
                        try connection.query("""
                            INSERT INTO monitors (id, tenant_id, name, kind, target, interval_seconds, timeout_seconds, config, paused,
                                failure_threshold, recovery_threshold, created_at, updated_at, tags, locations, location_quorum)
                            SELECT id, tenant, name, kind, target, interval, timeout, config, paused, failures, recoveries,
                                to_timestamp(created), to_timestamp(updated), tags, locations, nullif(quorum, 0)
                            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[],
                                $8::jsonb[], $9::boolean[], $10::int[], $11::int[], $12::float8[], $13::float8[], $14::jsonb[], $15::jsonb[], $16::int[])
                                AS u(id, tenant, name, kind, target, interval, timeout, config, paused, failures, recoveries, created, updated, tags, locations, quorum)
                            """, chunk)
                    }
                }
            }
        } catch {
            throw error.asStoreError(entity: "monitor", conflict: "a monitor id exists or tenant \(tenant) is unknown; nothing was stored")
        }
    }

    /// The 16 columns of `monitors` as array literals.
    private static func columnArrays(_ monitors: ArraySlice<Monitor>) -> [String?] {
        var columns = Array(repeating: [String](), count: 16)
        for monitor in monitors {
            for (index, value) in parameters(monitor).enumerated() { columns[index].append(value ?? (index == 15 ? "0" : "")) }
        }
        return columns.map { PGArray.text($0) }
    }

    func get(_ id: MonitorID, tenant: TenantID) async throws -> Monitor? {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM monitors m WHERE m.id = $1 AND m.tenant_id = $2",
                                 [id.description, tenant.description]).first.flatMap(Self.monitor)
        }
    }

    func list(tenant: TenantID, page: PageRequest) async throws -> Page<Monitor> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT m.seq, \(Self.columns) FROM monitors m WHERE m.tenant_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3",
                                 [tenant.description, String(after), String(page.limit + 1)]).all
        }
        return Page(sequenced: rows.compactMap { row in Self.monitor(row).map { (row.int64("seq"), $0) } }, limit: page.limit)
    }

    func update(_ monitor: Monitor, tenant: TenantID) async throws {
        let changed = try await pool.withConnection { connection in
            try connection.query("""
                UPDATE monitors SET name = $3, kind = $4, target = $5, interval_seconds = $6, timeout_seconds = $7, config = $8,
                    paused = $9, failure_threshold = $10, recovery_threshold = $11, updated_at = to_timestamp($12), tags = $13, locations = $14, location_quorum = $15
                WHERE id = $1 AND tenant_id = $2
                """, Array(Self.parameters(monitor, tenant: tenant).prefix(11))
                    + [PGValues.epoch(monitor.updatedAt), PGValues.jsonb(MonitorTags.jsonText(monitor.tags)),
                       PGValues.jsonb(MonitorLocations.jsonText(monitor.locations)), monitor.locationQuorum.map(String.init)]).affected
        }
        if changed == 0 { throw StoreError.notFound(entity: "monitor", id: monitor.id.description) }
    }

    func delete(_ id: MonitorID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.transaction {
                let removed = try connection.query("DELETE FROM monitors WHERE id = $1 AND tenant_id = $2", [id.description, tenant.description]).affected
                guard removed > 0 else { return false }
                try connection.query("DELETE FROM results WHERE tenant_id = $1 AND monitor_id = $2", [tenant.description, id.description])
                return true
            }
        }
    }

    func state(of id: MonitorID, tenant: TenantID) async throws -> MonitorState? {
        try await states(of: [id], tenant: tenant)[id]
    }

    func states(of ids: [MonitorID], tenant: TenantID) async throws -> [MonitorID: MonitorState] {
        guard !ids.isEmpty else { return [:] }
        let list = PGArray.text(ids.map(\.description))
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT monitor_id, state FROM monitor_states WHERE tenant_id = $1 AND monitor_id = ANY($2::uuid[])",
                                 [tenant.description, list]).all
        }
        let decoder = JSONDecoder()
        var states: [MonitorID: MonitorState] = [:]
        for row in rows {
            if let id = MonitorID(row.string("monitor_id")),
               let state = try? decoder.decode(MonitorState.self, from: Data(row.string("state").utf8)) {
                states[id] = state
            }
        }
        return states
    }

    /// One statement for the whole batch: the updates travel as three arrays and are joined
    /// with `monitors`, so states of deleted monitors fall out.
    func saveStates(_ updates: [MonitorStateUpdate]) async throws {
        guard !updates.isEmpty else { return }
        let parameters = Self.stateParameters(updates)
        try await pool.withConnection { connection in try connection.query(Self.saveStatesStatement, parameters) }
    }

    /// Upserts states given as three arrays (ids, tenants, states); states of deleted monitors
    /// are ignored.
    static let saveStatesStatement = """
        INSERT INTO monitor_states (monitor_id, tenant_id, state)
        SELECT u.id, u.tenant, u.state FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS u(id, tenant, state)
        JOIN monitors m ON m.id = u.id AND m.tenant_id = u.tenant
        ON CONFLICT (monitor_id) DO UPDATE SET state = excluded.state
        """

    /// The parameters of `saveStatesStatement`.
    static func stateParameters(_ updates: [MonitorStateUpdate]) -> [String?] {
        var ids: [String] = [], tenants: [String] = [], states: [String] = []
        for update in updates {
            ids.append(update.monitorID.description)
            tenants.append(update.tenantID.description)
            states.append(PGValues.jsonb(update.state.jsonText))
        }
        return [PGArray.text(ids), PGArray.text(tenants), PGArray.text(states)]
    }

    func listAllTenantsForScheduling() async throws -> [(Monitor, MonitorState?)] {
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns), s.state FROM monitors m LEFT JOIN monitor_states s ON s.monitor_id = m.id ORDER BY m.seq").all
        }
        let decoder = JSONDecoder()
        return rows.compactMap { row in
            Self.monitor(row).map { monitor in
                (monitor, row["state"].flatMap { try? decoder.decode(MonitorState.self, from: Data($0.utf8)) })
            }
        }
    }

    private static func parameters(_ monitor: Monitor, tenant: TenantID? = nil) -> [String?] {
        [monitor.id.description, (tenant ?? monitor.tenantID).description, PGValues.text(monitor.name), monitor.kind,
         PGValues.text(monitor.target), String(monitor.interval), String(monitor.timeout), PGValues.jsonb(monitor.config.jsonText),
         PGValues.bool(monitor.paused), String(monitor.failureThreshold), String(monitor.recoveryThreshold),
         PGValues.epoch(monitor.createdAt), PGValues.epoch(monitor.updatedAt), PGValues.jsonb(MonitorTags.jsonText(monitor.tags)),
         PGValues.jsonb(MonitorLocations.jsonText(monitor.locations)), monitor.locationQuorum.map(String.init)]
    }

    static func monitor(_ row: PGRow) -> Monitor? {
        guard let id = MonitorID(row.string("id")), let tenant = TenantID(row.string("tenant_id")) else { return nil }
        return Monitor(
            id: id, tenantID: tenant, name: row.string("name"), kind: row.string("kind"), target: row.string("target"),
            interval: row.double("interval_seconds") ?? 60, timeout: row.double("timeout_seconds") ?? 10,
            config: (try? JSONValue.parse(Data(row.string("config").utf8))) ?? .emptyObject,
            paused: row.bool("paused"), failureThreshold: row.int("failure_threshold"), recoveryThreshold: row.int("recovery_threshold"),
            tags: MonitorTags.decode(jsonText: row["tags"]), locations: MonitorLocations.decode(jsonText: row["locations"]),
            locationQuorum: row["location_quorum"].flatMap { Int($0) },
            createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0), updatedAt: row.date("updated_at") ?? Date(timeIntervalSince1970: 0))
    }
}
