import Foundation
import GRDB
import Kernel

/// Log lines in SQLite, their messages indexed by FTS5 (`logs_fts`, kept by triggers). A
/// search matches every word of the query as a whole token, any case, as PostgreSQL's does.
struct SQLiteLogRepository: LogRepository {
    let pool: DatabasePool

    private static let insert = SQLiteBulkInsert(
        head: "INSERT INTO logs (tenant_id, time, received_at, level, source, monitor_id, message, fields) VALUES",
        tail: "", columns: 8, rowsPerStatement: 500)

    func commit(logs entries: [LogEntry], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        let now = Date()
        let fields = entries.map(\.fields.jsonText)
        do {
            return try await pool.write { db in
                if let idempotency, let previous = try SQLiteIngestRepository.previous(idempotency, tenant: tenant, db) { return previous }
                try Self.insert.run(db, count: entries.count) { binder, index in
                    let entry = entries[index]
                    binder.text(tenant.description)
                    binder.double(entry.time.timeIntervalSince1970)
                    binder.double(entry.receivedAt.timeIntervalSince1970)
                    binder.text(entry.level.rawValue)
                    binder.text(entry.source)
                    binder.text(entry.monitorID?.description)
                    binder.text(entry.message)
                    binder.text(fields[index])
                }
                return try SQLiteIngestRepository.remember(idempotency, accepted: entries.count, tenant: tenant, at: now, db)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "log batch", detail: "tenant \(tenant) does not exist")
        }
    }

    func search(tenant: TenantID, filter: LogFilter, page: PageRequest) async throws -> Page<LogEntry> {
        var conditions = ["logs.tenant_id = ?", "logs.seq < ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [tenant.description, page.cursor.flatMap(Int64.init) ?? Int64.max]
        if let from = filter.from { conditions.append("logs.time >= ?"); arguments.append(from.timeIntervalSince1970) }
        if let to = filter.to { conditions.append("logs.time < ?"); arguments.append(to.timeIntervalSince1970) }
        if let levels = filter.levels, !levels.isEmpty {
            conditions.append("logs.level IN (\(Array(repeating: "?", count: levels.count).joined(separator: ", ")))")
            arguments += levels.sorted().map(\.rawValue)
        }
        if let source = filter.source { conditions.append("logs.source = ?"); arguments.append(source) }
        if let monitor = filter.monitorID { conditions.append("logs.monitor_id = ?"); arguments.append(monitor.description) }
        var from = "logs"
        let words = filter.words
        if filter.text != nil {
            // Words are letters and digits only, so quoting each is the whole escaping FTS5 needs.
            guard !words.isEmpty else { return Page(items: [], nextCursor: nil) }
            from = "logs JOIN logs_fts ON logs_fts.rowid = logs.seq"
            conditions.append("logs_fts MATCH ?")
            arguments.append(words.map { "\"\($0)\"" }.joined(separator: " "))
        }
        arguments.append(page.limit + 1)
        let sql = "SELECT logs.* FROM \(from) WHERE \(conditions.joined(separator: " AND ")) ORDER BY logs.seq DESC LIMIT ?"
        let bound = StatementArguments(arguments)
        let rows = try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: bound).compactMap(Self.entry) }
        return Page(sequenced: rows.map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func count(tenant: TenantID, since: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM logs WHERE tenant_id = ? AND received_at >= ?",
                             arguments: [tenant.description, since.timeIntervalSince1970]) ?? 0
        }
    }

    func prune(before date: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM logs WHERE time < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<LogEntry> {
        let arguments: StatementArguments = [page.cursor.flatMap(Int64.init) ?? 0, page.limit + 1]
        let rows = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM logs WHERE seq > ? ORDER BY seq LIMIT ?", arguments: arguments).compactMap(Self.entry)
        }
        return Page(sequenced: rows.map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM logs") }
    }

    private static func entry(_ row: Row) -> LogEntry? {
        guard let tenant = TenantID(row["tenant_id"] as String), let level = LogLevel(rawValue: row["level"]) else { return nil }
        let fields = (try? JSONValue.parse(Data((row["fields"] as String).utf8))) ?? .emptyObject
        return LogEntry(id: row["seq"], tenantID: tenant, time: Date(timeIntervalSince1970: row["time"]),
                        receivedAt: Date(timeIntervalSince1970: row["received_at"]), level: level, message: row["message"],
                        source: row["source"], monitorID: (row["monitor_id"] as String?).flatMap(MonitorID.init), fields: fields)
    }
}
