import Foundation
import Kernel
import Logging

/// Probe results in PostgreSQL: batches go in with `COPY ... FROM STDIN`, reads use the
/// (tenant, monitor, time) index.
struct PostgresResultRepository: ResultRepository {
    let pool: PGConnectionPool
    let logger: Logger
    static let copyStatement = """
        COPY results (tenant_id, monitor_id, kind, target, started_at, duration, status, latency, failure_code,
            failure_message, metrics, details, maintenance, location) FROM STDIN
        """
    private static let columns = """
        id, tenant_id, monitor_id, kind, target, \(PGValues.epochColumn("started_at")), duration, status, latency,
        failure_code, failure_message, metrics, details, maintenance, location
        """

    func append(_ records: [ResultRecord]) async throws {
        guard !records.isEmpty else { return }
        let data = Self.encode(records)
        let hours = CheckTally.hourly(records)
        do {
            try await pool.withRawConnection { connection in
                try connection.transaction {
                    _ = try connection.copyIn(Self.copyStatement, data: data)
                    try PostgresDashboardRepository.add(hours, connection)
                }
            }
        } catch let error as PGError where error.sqlState.map({ $0.hasPrefix("22") || $0.hasPrefix("23") }) ?? false {
            // A row the server refuses would otherwise fail its batch on every retry: copy the
            // rows one by one and drop only the refused ones.
            try await appendEach(records, batchError: error)
        } catch let error as PGError {
            throw StoreError.unavailable(error.description)
        }
    }

    private func appendEach(_ records: [ResultRecord], batchError: PGError) async throws {
        var refused = 0
        for record in records {
            let data = Self.encode([record])
            let hours = CheckTally.hourly([record])
            do {
                try await pool.withRawConnection { connection in
                    try connection.transaction {
                        _ = try connection.copyIn(Self.copyStatement, data: data)
                        try PostgresDashboardRepository.add(hours, connection)
                    }
                }
            } catch let error as PGError where !error.connectionLost && error.sqlState != nil {
                refused += 1
            } catch let error as PGError {
                throw StoreError.unavailable(error.description)
            }
        }
        logger.error("PostgreSQL refused result rows; dropped them", metadata: ["count": "\(refused)", "error": "\(batchError)"])
    }

    /// The records as COPY text rows.
    static func encode(_ records: [ResultRecord]) -> [UInt8] {
        var encoder = CopyTextEncoder(capacity: records.count * 256)
        for record in records {
            let result = record.result
            encoder.text(record.tenantID.description)
            encoder.text(record.monitorID?.description)
            encoder.text(record.kind)
            encoder.text(record.target)
            encoder.timestamp(record.startedAt)
            encoder.number(String(record.duration))
            encoder.number(String(ResultStatusCode.code(result.status)))
            encoder.number(result.latency.map { String($0) })
            encoder.text(result.failure?.code)
            encoder.text(result.failure?.message)
            encoder.text(result.metrics.isEmpty ? nil : JSONValue.text(ofMetrics: result.metrics))
            encoder.text(result.details == .emptyObject ? nil : PGValues.jsonb(result.details.jsonText))
            encoder.number(record.maintenance ? "t" : "f")
            encoder.text(record.location)
            encoder.endRow()
        }
        return encoder.bytes
    }

    func list(tenant: TenantID, scope: ResultScope, location: ResultLocation?, from: Date?, to: Date?, page: PageRequest) async throws -> Page<ResultRecord> {
        var sql = "SELECT \(Self.columns) FROM results WHERE tenant_id = $1"
        var parameters: [String?] = [tenant.description]
        func bind(_ value: String) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        switch scope {
        case .monitor(let id): sql += " AND monitor_id = \(bind(id.description))"
        case .adHoc: sql += " AND monitor_id IS NULL"
        }
        sql += Self.condition(location, &parameters)
        if let from { sql += " AND started_at >= to_timestamp(\(bind(PGValues.epoch(from))))" }
        if let to { sql += " AND started_at < to_timestamp(\(bind(PGValues.epoch(to))))" }
        if let cursor = page.cursor.flatMap(Int64.init) { sql += " AND id < \(bind(String(cursor)))" }
        sql += " ORDER BY id DESC LIMIT \(bind(String(page.limit + 1)))"
        let finalSQL = sql, finalParameters = parameters
        let rows = try await pool.withConnection { connection in try connection.query(finalSQL, finalParameters).all }
        let records = rows.compactMap(Self.record)
        let items = records.prefix(page.limit)
        return Page(items: Array(items), nextCursor: records.count > page.limit ? items.last?.id.map(String.init) : nil)
    }

    /// One index scan per monitor on `results_by_monitor` (tenant, monitor, started_at), in one query.
    func latestOfEveryMonitor() async throws -> [ResultRecord] {
        try await pool.withConnection { connection in
            try connection.query("""
                SELECT r.* FROM monitors m CROSS JOIN LATERAL (
                    SELECT \(Self.columns) FROM results WHERE tenant_id = m.tenant_id AND monitor_id = m.id
                    ORDER BY started_at DESC, id DESC LIMIT 1) r
                """, []).all
        }.compactMap(Self.record)
    }

    func exportAllTenants(afterID: Int64?, limit: Int) async throws -> [ResultRecord] {
        try await pool.withConnection { connection in
            try connection.query("SELECT \(Self.columns) FROM results WHERE id > $1 ORDER BY id LIMIT $2",
                                 [String(afterID ?? 0), String(max(limit, 1))]).all
        }.compactMap(Self.record)
    }

    func statusBuckets(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, from: Date, to: Date, bucketSeconds: Int) async throws -> [StatusBucket] {
        let start = from.timeIntervalSince1970
        let width = Double(max(bucketSeconds, 1))
        var parameters: [String?] = [String(start), String(width), tenant.description, monitor.description, PGValues.epoch(to) as String]
        let located = Self.condition(location, &parameters)
        let finalParameters = parameters
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT floor((extract(epoch from started_at)::float8 - $1) / $2)::bigint AS bucket, status, maintenance, count(*) AS n
                FROM results
                WHERE tenant_id = $3 AND monitor_id = $4 AND started_at >= to_timestamp($1) AND started_at < to_timestamp($5)\(located)
                GROUP BY bucket, status, maintenance
                """, finalParameters).all
        }
        return StatusBucket.fill(from: from, to: to, bucketSeconds: bucketSeconds,
                                 counts: rows.map { ($0.int("bucket"), ResultStatusCode.status($0.int("status")), $0.bool("maintenance"), $0.int("n")) })
    }

    func uptime(tenant: TenantID, monitor: MonitorID, location: ResultLocation?, since: Date) async throws -> UptimeFigure {
        var parameters: [String?] = [tenant.description, monitor.description, PGValues.epoch(since) as String]
        let located = Self.condition(location, &parameters)
        let finalParameters = parameters
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT status, maintenance, count(*) AS n FROM results
                WHERE tenant_id = $1 AND monitor_id = $2 AND started_at >= to_timestamp($3)\(located) GROUP BY status, maintenance
                """, finalParameters).all
        }
        return UptimeFigure(counts: rows.map { (ResultStatusCode.status($0.int("status")), $0.bool("maintenance"), $0.int("n")) })
    }

    /// The condition selecting `location`'s results (none for every location), its value
    /// appended to `parameters`.
    private static func condition(_ location: ResultLocation?, _ parameters: inout [String?]) -> String {
        switch location {
        case nil: return ""
        case .server: return " AND location IS NULL"
        case .agent(let id):
            parameters.append(id)
            return " AND location = $\(parameters.count)"
        }
    }

    /// Deletes in batches of 10,000 rows, each its own statement, so result writes are never
    /// held off for long by a large retention pass.
    func pruneAllTenants(olderThan cutoff: Date) async throws -> Int {
        var total = 0
        while true {
            let removed = try await pool.withConnection { connection in
                try connection.query("""
                    DELETE FROM results WHERE id IN (SELECT id FROM results WHERE started_at < to_timestamp($1) ORDER BY started_at LIMIT 10000)
                    """, [PGValues.epoch(cutoff)]).affected
            }
            total += removed
            if removed < 10_000 { return total }
        }
    }

    static func record(_ row: PGRow) -> ResultRecord? {
        guard let tenant = TenantID(row.string("tenant_id")) else { return nil }
        let failure = row["failure_code"].map { ProbeFailure(code: $0, message: row.string("failure_message")) }
        var metrics: [String: Double] = [:]
        if let text = row["metrics"], case .object(let members)? = try? JSONValue.parse(Data(text.utf8)) {
            for (key, value) in members { if case .number(let number) = value { metrics[key] = number } }
        }
        let details = row["details"].flatMap { try? JSONValue.parse(Data($0.utf8)) } ?? .emptyObject
        return ResultRecord(
            id: row.int64("id"), tenantID: tenant, monitorID: row["monitor_id"].flatMap(MonitorID.init),
            kind: row.string("kind"), target: row.string("target"), startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0),
            duration: row.double("duration") ?? 0,
            result: ProbeResult(status: ResultStatusCode.status(row.int("status")), latency: row.double("latency"),
                                failure: failure, metrics: metrics, details: details),
            maintenance: row.bool("maintenance"), location: row["location"])
    }
}
