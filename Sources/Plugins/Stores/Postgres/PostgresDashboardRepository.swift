import Foundation
import Kernel

/// The dashboard's reads in PostgreSQL: statuses counted over `monitor_states`, checks summed
/// from the hourly rollup `result_hours`, events read from the outbox by tenant.
struct PostgresDashboardRepository: DashboardRepository {
    let pool: PGConnectionPool

    static let addStatement = """
        INSERT INTO result_hours (tenant_id, hour, up, degraded, down, maintenance, latency_sum, latency_count)
        SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::double precision[], $8::bigint[])
        ON CONFLICT (tenant_id, hour) DO UPDATE SET up = result_hours.up + excluded.up, degraded = result_hours.degraded + excluded.degraded,
            down = result_hours.down + excluded.down, maintenance = result_hours.maintenance + excluded.maintenance,
            latency_sum = result_hours.latency_sum + excluded.latency_sum, latency_count = result_hours.latency_count + excluded.latency_count
        """

    /// Adds tallies to the rollup within the caller's transaction, in one statement (sorted by
    /// key, so two servers adding to the same hours lock them in the same order).
    static func add(_ hours: [TenantHour: CheckTally], _ connection: PGConnection) throws {
        guard !hours.isEmpty else { return }
        let sorted = hours.sorted { ($0.key.tenantID.description, $0.key.hour) < ($1.key.tenantID.description, $1.key.hour) }
        func column(_ value: (TenantHour, CheckTally) -> String) -> String { PGArray.text(sorted.map { value($0.key, $0.value) }) }
        try connection.query(addStatement, [
            column { key, _ in key.tenantID.description }, column { key, _ in String(key.hour) },
            column { String($1.up) }, column { String($1.degraded) }, column { String($1.down) }, column { String($1.maintenance) },
            column { String($1.latencySum) }, column { String($1.latencyCount) },
        ])
    }

    func monitorStatusCounts(tenant: TenantID) async throws -> MonitorStatusCounts {
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT m.paused AS paused, s.state->>'status' AS status, count(*) AS n
                FROM monitors m LEFT JOIN monitor_states s ON s.monitor_id = m.id WHERE m.tenant_id = $1 GROUP BY 1, 2
                """, [tenant.description]).all
        }
        var counts = MonitorStatusCounts()
        for row in rows {
            let status = row.bool("paused") ? .paused : row["status"].flatMap(MonitorStatus.init) ?? .pending
            counts.add(status, count: row.int("n"))
        }
        return counts
    }

    func checkTally(tenant: TenantID, since: Date) async throws -> CheckTally {
        let hour = String(Int64((since.timeIntervalSince1970 / 3600).rounded(.down)))
        let row = try await pool.withConnection { connection in
            try connection.query("""
                SELECT coalesce(sum(up), 0) AS up, coalesce(sum(degraded), 0) AS degraded, coalesce(sum(down), 0) AS down,
                       coalesce(sum(maintenance), 0) AS maintenance, coalesce(sum(latency_sum), 0) AS latency_sum,
                       coalesce(sum(latency_count), 0) AS latency_count
                FROM result_hours WHERE tenant_id = $1 AND hour >= $2
                """, [tenant.description, hour]).first
        }
        guard let row else { return CheckTally() }
        return CheckTally(up: row.int("up"), degraded: row.int("degraded"), down: row.int("down"), maintenance: row.int("maintenance"),
                          latencySum: row.double("latency_sum") ?? 0, latencyCount: row.int("latency_count"))
    }

    func timeline(tenant: TenantID, names: Set<String>, before: Date?, page: PageRequest) async throws -> Page<OutboxEntry> {
        guard !names.isEmpty else { return Page(items: [], nextCursor: nil) }
        var parameters: [String?] = [tenant.description, String(page.cursor.flatMap(Int64.init) ?? Int64.max), PGArray.text(names.sorted())]
        var sql = "SELECT sequence, event FROM event_outbox WHERE tenant_id = $1 AND sequence < $2 AND name = ANY($3::text[])"
        if let before {
            parameters.append(PGValues.epoch(before) as String)
            sql += " AND occurred_at < to_timestamp($\(parameters.count))"
        }
        parameters.append(String(page.limit + 1))
        sql += " ORDER BY sequence DESC LIMIT $\(parameters.count)"
        let bound = parameters, query = sql
        let rows = try await pool.withConnection { connection in try connection.query(query, bound).all }
        let decoder = JSONDecoder()
        let entries = rows.compactMap { row in
            (try? decoder.decode(Event.self, from: Data(row.string("event").utf8))).map {
                (row.int64("sequence"), OutboxEntry(sequence: row.int64("sequence"), event: $0))
            }
        }
        return Page(sequenced: entries, limit: page.limit)
    }

    func eventCount(tenant: TenantID, names: Set<String>, since: Date) async throws -> Int {
        guard !names.isEmpty else { return 0 }
        let parameters: [String?] = [tenant.description, PGValues.epoch(since) as String, PGArray.text(names.sorted())]
        return try await pool.withConnection { connection in
            try connection.query("SELECT count(*) AS n FROM event_outbox WHERE tenant_id = $1 AND occurred_at >= to_timestamp($2) AND name = ANY($3::text[])",
                                 parameters).first?.int("n") ?? 0
        }
    }

    func connectionCount(tenant: TenantID, since: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("SELECT count(*) AS n FROM connections WHERE tenant_id = $1 AND started_at >= $2",
                                 [tenant.description, PGValues.epoch(since)]).first?.int("n") ?? 0
        }
    }

    func pruneRollups(before date: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM result_hours WHERE hour < $1", [String(Int64((date.timeIntervalSince1970 / 3600).rounded(.down)))]).affected
        }
    }
}
