import Foundation
import GRDB
import Kernel

/// Probe results in SQLite: one row per result, indexed by (monitor, time) and by time.
struct SQLiteResultRepository: ResultRepository {
    let pool: DatabasePool

    func append(_ records: [ResultRecord]) async throws {
        guard !records.isEmpty else { return }
        let rows = records.map(ResultRow.init)
        let hours = CheckTally.hourly(records)
        try await pool.write { db in try Self.insert(rows, hours: hours, into: db) }
    }

    /// Inserts result rows within the caller's transaction, 50 to a statement, and adds their
    /// tallies (`CheckTally.hourly` of the same records) to the dashboard's rollup.
    static func insert(_ rows: [ResultRow], hours: [TenantHour: CheckTally], into db: Database) throws {
        try insertion.run(db, count: rows.count) { binder, index in rows[index].bind(&binder) }
        try SQLiteDashboardRepository.add(hours, db)
    }

    private static let insertion = SQLiteBulkInsert(
        head: """
            INSERT INTO results (tenant_id, monitor_id, kind, target, started_at, duration, status, latency,
                failure_code, failure_message, metrics, details, maintenance, location) VALUES
            """,
        tail: "", columns: 14, rowsPerStatement: 50)

    func list(tenant: TenantID, scope: ResultScope, location: ResultLocation?, from: Date?, to: Date?, page: PageRequest) async throws -> Page<ResultRecord> {
        var sql = "SELECT * FROM results WHERE tenant_id = ?"
        var arguments: StatementArguments = [tenant.description]
        switch scope {
        case .monitor(let id):
            sql += " AND monitor_id = ?"
            arguments += [id.description]
        case .adHoc:
            sql += " AND monitor_id IS NULL"
        }
        sql += Self.condition(location, &arguments)
        if let from { sql += " AND started_at >= ?"; arguments += [from.timeIntervalSince1970] }
        if let to { sql += " AND started_at < ?"; arguments += [to.timeIntervalSince1970] }
        if let cursor = page.cursor.flatMap(Int64.init) { sql += " AND id < ?"; arguments += [cursor] }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [page.limit + 1]
        let finalSQL = sql
        let finalArguments = arguments
        let rows: [ResultRecord] = try await pool.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments).map(ResultRow.record)
        }
        let items = rows.prefix(page.limit)
        let next = rows.count > page.limit ? items.last?.id.map(String.init) : nil
        return Page(items: Array(items), nextCursor: next)
    }

    func statusBuckets(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, from: Date, to: Date, bucketSeconds: Int) async throws -> [StatusBucket] {
        let start = from.timeIntervalSince1970
        let width = Double(max(bucketSeconds, 1))
        var arguments: StatementArguments = [start, width, tenant.description, monitor.description, start, to.timeIntervalSince1970]
        let located = Self.condition(location, &arguments)
        let finalArguments = arguments
        let rows: [(index: Int, status: ProbeStatus, maintenance: Bool, count: Int)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT CAST((started_at - ?) / ? AS INTEGER) AS bucket, status, maintenance, COUNT(*) AS n FROM results
                WHERE tenant_id = ? AND monitor_id = ? AND started_at >= ? AND started_at < ?\(located)
                GROUP BY bucket, status, maintenance
                """), arguments: finalArguments)
                .map { ($0["bucket"], ResultStatusCode.status($0["status"]), $0["maintenance"], $0["n"]) }
        }
        return StatusBucket.fill(from: from, to: to, bucketSeconds: bucketSeconds, counts: rows)
    }

    func uptime(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, since: Date) async throws -> UptimeFigure {
        var arguments: StatementArguments = [tenant.description, monitor.description, since.timeIntervalSince1970]
        let located = Self.condition(location, &arguments)
        let finalArguments = arguments
        let rows: [(status: ProbeStatus, maintenance: Bool, count: Int)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT status, maintenance, COUNT(*) AS n FROM results
                WHERE tenant_id = ? AND monitor_id = ? AND started_at >= ?\(located) GROUP BY status, maintenance
                """), arguments: finalArguments)
                .map { (ResultStatusCode.status($0["status"]), $0["maintenance"], $0["n"]) }
        }
        return UptimeFigure(counts: rows)
    }

    /// The condition selecting `location`'s results (none for every location), its value
    /// appended to `arguments`.
    private static func condition(_ location: ResultLocation?, _ arguments: inout StatementArguments) -> String {
        switch location {
        case nil: return ""
        case .server: return " AND location IS NULL"
        case .agent(let id):
            arguments += [id]
            return " AND location = ?"
        }
    }

    /// One seek per monitor on `results_by_monitor` (monitor, started_at), in one query.
    func latestOfEveryMonitor() async throws -> [ResultRecord] {
        // A cursor: each row becomes a record as it is read, not a million rows held first.
        try await pool.read { db in
            let rows = try Row.fetchCursor(try db.cachedStatement(sql: """
                SELECT r.* FROM monitors m JOIN results r ON r.id = (
                    SELECT id FROM results WHERE tenant_id = m.tenant_id AND monitor_id = m.id
                    ORDER BY started_at DESC, id DESC LIMIT 1)
                """))
            var records: [ResultRecord] = []
            while let row = try rows.next() { records.append(ResultRow.record(row)) }
            return records
        }
    }

    func exportAllTenants(afterID: Int64?, limit: Int) async throws -> [ResultRecord] {
        try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM results WHERE id > ? ORDER BY id LIMIT ?"), arguments: [afterID ?? 0, max(limit, 1)])
                .map(ResultRow.record)
        }
    }

    /// Deletes in batches of 10,000 rows, each its own transaction, so result writes are never
    /// held off for long by a large retention pass.
    func pruneAllTenants(olderThan cutoff: Date) async throws -> Int {
        var total = 0
        while true {
            let removed = try await pool.write { db in
                try db.execute(sql: """
                    DELETE FROM results WHERE id IN (SELECT id FROM results WHERE started_at < ? ORDER BY started_at LIMIT 10000)
                    """, arguments: [cutoff.timeIntervalSince1970])
                return db.changesCount
            }
            total += removed
            if removed < 10_000 { return total }
        }
    }
}

/// The column values of one result row.
struct ResultRow {
    let tenantID: String, monitorID: String?, kind: String, target: String
    let startedAt: Double, duration: Double, status: Int, latency: Double?
    let failureCode: String?, failureMessage: String?, metrics: String?, details: String?
    let maintenance: Bool
    let location: String?

    init(_ record: ResultRecord) {
        maintenance = record.maintenance
        location = record.location
        let result = record.result
        tenantID = record.tenantID.description
        monitorID = record.monitorID?.description
        kind = record.kind
        target = record.target
        startedAt = record.startedAt.timeIntervalSince1970
        duration = record.duration
        status = ResultStatusCode.code(result.status)
        latency = result.latency
        failureCode = result.failure?.code
        failureMessage = result.failure?.message
        metrics = result.metrics.isEmpty ? nil : JSONValue.text(ofMetrics: result.metrics)
        details = result.details == .emptyObject ? nil : result.details.jsonText
    }

    /// Binds the row's fourteen values in the order of `SQLiteResultRepository.insert`'s columns.
    func bind(_ binder: inout SQLiteBinder) {
        binder.text(tenantID); binder.text(monitorID); binder.text(kind); binder.text(target)
        binder.double(startedAt); binder.double(duration); binder.integer(status); binder.double(latency)
        binder.text(failureCode); binder.text(failureMessage); binder.text(metrics); binder.text(details)
        binder.integer(maintenance ? 1 : 0); binder.text(location)
    }

    static func record(_ row: Row) -> ResultRecord {
        let failure = (row["failure_code"] as String?).map { ProbeFailure(code: $0, message: row["failure_message"] ?? "") }
        var metrics: [String: Double] = [:]
        if let text = row["metrics"] as String?, case .object(let members)? = try? JSONValue.parse(Data(text.utf8)) {
            for (key, value) in members { if case .number(let number) = value { metrics[key] = number } }
        }
        let details = (row["details"] as String?).flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .emptyObject
        return ResultRecord(
            id: row["id"], tenantID: TenantID(row["tenant_id"] as String)!,
            monitorID: (row["monitor_id"] as String?).flatMap(MonitorID.init), kind: row["kind"], target: row["target"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]), duration: row["duration"],
            result: ProbeResult(status: ResultStatusCode.status(row["status"]), latency: row["latency"], failure: failure, metrics: metrics, details: details),
            maintenance: row["maintenance"] ?? false, location: row["location"])
    }
}
