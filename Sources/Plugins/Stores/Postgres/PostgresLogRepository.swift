import Foundation
import Kernel

/// Log lines in PostgreSQL (by COPY), searched through a generated `tsvector` of each message
/// under the `simple` configuration and its GIN index: whole words, any case, no stemming,
/// as SQLite's FTS5 matches.
struct PostgresLogRepository: LogRepository {
    let pool: PGConnectionPool

    static let copyStatement = "COPY logs (tenant_id, time, received_at, level, source, monitor_id, message, fields) FROM STDIN"

    func commit(logs entries: [LogEntry], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        var encoder = CopyTextEncoder(capacity: entries.count * 256)
        for entry in entries {
            encoder.text(tenant.description)
            encoder.number(String(entry.time.timeIntervalSince1970))
            encoder.number(String(entry.receivedAt.timeIntervalSince1970))
            encoder.text(entry.level.rawValue)
            encoder.text(entry.source.map(PGValues.text))
            encoder.text(entry.monitorID?.description)
            encoder.text(PGValues.text(entry.message))
            encoder.text(PGValues.text(entry.fields.jsonText))
            encoder.endRow()
        }
        let rows = encoder.bytes
        let count = entries.count
        return try await PostgresIngestRepository(pool: pool).commit(tenant: tenant, idempotency: idempotency, accepted: count) { connection in
            if count > 0 { _ = try connection.copyIn(Self.copyStatement, data: rows) }
        }
    }

    func search(tenant: TenantID, filter: LogFilter, page: PageRequest) async throws -> Page<LogEntry> {
        var conditions: [String] = []
        var parameters: [String?] = []
        func add(_ condition: String, _ value: String) {
            parameters.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        add("tenant_id = ?", tenant.description)
        add("seq < ?", String(page.cursor.flatMap(Int64.init) ?? Int64.max))
        if let from = filter.from { add("time >= ?", PGValues.epoch(from)) }
        if let to = filter.to { add("time < ?", PGValues.epoch(to)) }
        if let levels = filter.levels, !levels.isEmpty { add("level = ANY(?::text[])", "{\(levels.sorted().map(\.rawValue).joined(separator: ","))}") }
        if let source = filter.source { add("source = ?", PGValues.text(source)) }
        if let monitor = filter.monitorID { add("monitor_id = ?", monitor.description) }
        if filter.text != nil {
            // Words are letters and digits only: joined by &, they are a valid tsquery as they are.
            let words = filter.words
            guard !words.isEmpty else { return Page(items: [], nextCursor: nil) }
            add("search @@ to_tsquery('simple'::regconfig, ?)", words.joined(separator: " & "))
        }
        parameters.append(String(page.limit + 1))
        let sql = "SELECT * FROM logs WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT $\(parameters.count)"
        let bound = parameters
        let rows = try await pool.withConnection { connection in try connection.query(sql, bound).all }
        return Page(sequenced: rows.compactMap(Self.entry).map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func count(tenant: TenantID, since: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("SELECT count(*) AS n FROM logs WHERE tenant_id = $1 AND received_at >= $2",
                                 [tenant.description, PGValues.epoch(since)]).first?.int("n") ?? 0
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM logs WHERE time < $1", [PGValues.epoch(date)]).affected
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<LogEntry> {
        let parameters = [String(page.cursor.flatMap(Int64.init) ?? 0), String(page.limit + 1)]
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT * FROM logs WHERE seq > $1 ORDER BY seq LIMIT $2", parameters).all
        }
        return Page(sequenced: rows.compactMap(Self.entry).map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in try connection.query("DELETE FROM logs") }
    }

    private static func entry(_ row: PGRow) -> LogEntry? {
        guard let tenant = TenantID(row.string("tenant_id")), let level = LogLevel(rawValue: row.string("level")) else { return nil }
        let fields = (try? JSONValue.parse(Data(row.string("fields").utf8))) ?? .emptyObject
        return LogEntry(id: row.int64("seq"), tenantID: tenant, time: row.date("time") ?? .distantPast,
                        receivedAt: row.date("received_at") ?? .distantPast, level: level, message: row.string("message"),
                        source: row["source"], monitorID: row["monitor_id"].flatMap(MonitorID.init), fields: fields)
    }
}
