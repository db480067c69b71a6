import Foundation
import GRDB
import Kernel

/// The dashboard's reads in SQLite: statuses counted over `monitor_states`, checks summed
/// from the hourly rollup `result_hours`, events read from the outbox by tenant.
struct SQLiteDashboardRepository: DashboardRepository {
    let pool: DatabasePool

    /// Adds tallies to the rollup within the caller's transaction.
    static func add(_ hours: [TenantHour: CheckTally], _ db: Database) throws {
        guard !hours.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO result_hours (tenant_id, hour, up, degraded, down, maintenance, latency_sum, latency_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, hour) DO UPDATE SET up = up + excluded.up, degraded = degraded + excluded.degraded,
                down = down + excluded.down, maintenance = maintenance + excluded.maintenance,
                latency_sum = latency_sum + excluded.latency_sum, latency_count = latency_count + excluded.latency_count
            """)
        for (key, tally) in hours {
            try statement.execute(arguments: [key.tenantID.description, key.hour, tally.up, tally.degraded, tally.down, tally.maintenance,
                                              tally.latencySum, tally.latencyCount])
        }
    }

    func monitorStatusCounts(tenant: TenantID) async throws -> MonitorStatusCounts {
        try await pool.read { db in
            var counts = MonitorStatusCounts()
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.paused AS paused, json_extract(s.state, '$.status') AS status, COUNT(*) AS n
                FROM monitors m LEFT JOIN monitor_states s ON s.monitor_id = m.id WHERE m.tenant_id = ? GROUP BY 1, 2
                """, arguments: [tenant.description])
            for row in rows {
                let paused: Bool = row["paused"]
                let status = paused ? .paused : (row["status"] as String?).flatMap(MonitorStatus.init) ?? .pending
                counts.add(status, count: row["n"])
            }
            return counts
        }
    }

    func checkTally(tenant: TenantID, since: Date) async throws -> CheckTally {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(up), 0) AS up, COALESCE(SUM(degraded), 0) AS degraded, COALESCE(SUM(down), 0) AS down,
                       COALESCE(SUM(maintenance), 0) AS maintenance, COALESCE(SUM(latency_sum), 0) AS latency_sum,
                       COALESCE(SUM(latency_count), 0) AS latency_count
                FROM result_hours WHERE tenant_id = ? AND hour >= ?
                """, arguments: [tenant.description, Int64((since.timeIntervalSince1970 / 3600).rounded(.down))])
            guard let row else { return CheckTally() }
            return CheckTally(up: row["up"], degraded: row["degraded"], down: row["down"], maintenance: row["maintenance"],
                              latencySum: row["latency_sum"], latencyCount: row["latency_count"])
        }
    }

    func timeline(tenant: TenantID, names: Set<String>, before: Date?, page: PageRequest) async throws -> Page<OutboxEntry> {
        guard !names.isEmpty else { return Page(items: [], nextCursor: nil) }
        var arguments: [(any DatabaseValueConvertible)?] = [tenant.description, page.cursor.flatMap(Int64.init) ?? Int64.max]
        arguments += names.sorted()
        var sql = "SELECT sequence, event FROM event_outbox WHERE tenant_id = ? AND sequence < ? AND name IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        if let before {
            sql += " AND occurred_at < ?"
            arguments.append(before.timeIntervalSince1970)
        }
        sql += " ORDER BY sequence DESC LIMIT ?"
        arguments.append(page.limit + 1)
        let bound = StatementArguments(arguments), query = sql
        let rows: [(Int64, String)] = try await pool.read { db in
            try Row.fetchAll(db, sql: query, arguments: bound).map { ($0["sequence"], $0["event"]) }
        }
        let decoder = JSONDecoder()
        let entries = rows.compactMap { sequence, text in
            (try? decoder.decode(Event.self, from: Data(text.utf8))).map { (sequence, OutboxEntry(sequence: sequence, event: $0)) }
        }
        return Page(sequenced: entries, limit: page.limit)
    }

    func eventCount(tenant: TenantID, names: Set<String>, since: Date) async throws -> Int {
        guard !names.isEmpty else { return 0 }
        let values: [(any DatabaseValueConvertible)?] = [tenant.description, since.timeIntervalSince1970] + names.sorted()
        let arguments = StatementArguments(values)
        let sql = "SELECT COUNT(*) FROM event_outbox WHERE tenant_id = ? AND occurred_at >= ? AND name IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        return try await pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    func connectionCount(tenant: TenantID, since: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM connections WHERE tenant_id = ? AND started_at >= ?",
                             arguments: [tenant.description, since.timeIntervalSince1970]) ?? 0
        }
    }

    func pruneRollups(before date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM result_hours WHERE hour < ?", arguments: [Int64((date.timeIntervalSince1970 / 3600).rounded(.down))])
            return db.changesCount
        }
    }
}
