import Foundation
import GRDB
import Kernel

/// Connections and metric snapshots in SQLite. A connection is its JSON document, with the
/// columns its filters and aggregates read beside it; each batch is one transaction with its
/// idempotency key (`ingest_keys`), so a retried batch is recognised and stored once.
struct SQLiteIngestRepository: IngestRepository {
    let pool: DatabasePool

    private static let insert = SQLiteBulkInsert(
        head: """
            INSERT INTO connections (tenant_id, started_at, src_address, dst_address, transport, dst_country, dst_country_name,
                                     dst_asn, dst_org, bytes_sent, bytes_received, document) VALUES
            """,
        tail: "", columns: 12, rowsPerStatement: 500)

    func commit(connections: [ConnectionRecord], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        let now = Date()
        let records = connections.map { record in
            var stored = record
            stored.id = nil
            stored.tenantID = tenant
            return stored
        }
        let documents = try records.map { try JSONDocument.encode($0) }
        return try await write(tenant: tenant) { db in
            if let idempotency, let previous = try Self.previous(idempotency, tenant: tenant, db) { return previous }
            try Self.insert.run(db, count: records.count) { binder, index in
                let record = records[index]
                binder.text(tenant.description)
                binder.double(record.startedAt.timeIntervalSince1970)
                binder.text(record.source.address)
                binder.text(record.destination.address)
                binder.text(record.transport)
                binder.text(record.destination.geo?.countryCode)
                binder.text(record.destination.geo?.country)
                if let asn = record.destination.geo?.asn { binder.integer(asn) } else { binder.text(nil) }
                binder.text(record.destination.geo?.organization)
                binder.integer(Int(record.bytesSent))
                binder.integer(Int(record.bytesReceived))
                binder.text(documents[index])
            }
            return try Self.remember(idempotency, accepted: records.count, tenant: tenant, at: now, db)
        }
    }

    func commit(snapshots: [Sample], source: String, tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        let now = Date()
        return try await write(tenant: tenant) { db in
            if let idempotency, let previous = try Self.previous(idempotency, tenant: tenant, db) { return previous }
            try SQLiteSampleRepository.insert(snapshots, source: source, tenant: tenant, db)
            return try Self.remember(idempotency, accepted: snapshots.count, tenant: tenant, at: now, db)
        }
    }

    func connections(tenant: TenantID, filter: ConnectionFilter, page: PageRequest) async throws -> Page<ConnectionRecord> {
        var (conditions, arguments) = Self.conditions(filter, tenant: tenant)
        conditions.append("seq < ?")
        arguments.append(page.cursor.flatMap(Int64.init) ?? Int64.max)
        arguments.append(page.limit + 1)
        let sql = "SELECT seq, document FROM connections WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
        return try await rows(sql, StatementArguments(arguments), limit: page.limit)
    }

    func aggregate(tenant: TenantID, filter: ConnectionFilter, by grouping: ConnectionGrouping, limit: Int) async throws -> [ConnectionAggregate] {
        let (conditions, arguments) = Self.conditions(filter, tenant: tenant)
        let (key, label) = switch grouping {
        case .destination: ("dst_address", "NULL")
        case .country: ("COALESCE(dst_country, '')", "MAX(dst_country_name)")
        case .asn: ("COALESCE(CAST(dst_asn AS TEXT), '')", "MAX(dst_org)")
        }
        let sql = """
            SELECT \(key) AS key, \(label) AS label, COUNT(*) AS connections, SUM(bytes_sent + bytes_received) AS bytes
            FROM connections WHERE \(conditions.joined(separator: " AND ")) GROUP BY 1 ORDER BY bytes DESC, connections DESC, key LIMIT ?
            """
        let bound = StatementArguments(arguments + [limit])
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                ConnectionAggregate(key: row["key"], label: row["label"], connections: row["connections"], bytes: row["bytes"])
            }
        }
    }

    func traffic(tenant: TenantID, filter: ConnectionFilter, bucketSeconds: Int) async throws -> [ConnectionBucket] {
        let (conditions, arguments) = Self.conditions(filter, tenant: tenant)
        let sql = """
            SELECT CAST(started_at / ? AS INTEGER) * ? AS bucket, COUNT(*) AS connections, SUM(bytes_sent) AS sent,
                   SUM(bytes_received) AS received
            FROM connections WHERE \(conditions.joined(separator: " AND ")) GROUP BY bucket ORDER BY bucket
            """
        let bound = StatementArguments([bucketSeconds, bucketSeconds] + arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: bound).map { row in
                ConnectionBucket(start: Date(timeIntervalSince1970: Double(row["bucket"] as Int64)), connections: row["connections"],
                                 bytesSent: row["sent"], bytesReceived: row["received"])
            }
        }
    }

    func prune(before date: Date, keysBefore: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM ingest_keys WHERE committed_at < ?", arguments: [keysBefore.timeIntervalSince1970])
            try db.execute(sql: "DELETE FROM connections WHERE started_at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<ConnectionRecord> {
        try await rows("SELECT seq, document FROM connections WHERE seq > ? ORDER BY seq LIMIT ?",
                       [page.cursor.flatMap(Int64.init) ?? 0, page.limit + 1], limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM connections; DELETE FROM ingest_keys") }
    }

    /// The receipt of a key committed before; throws `conflict` when it was for another batch.
    static func previous(_ idempotency: IdempotencyKey, tenant: TenantID, _ db: Database) throws -> IngestReceipt? {
        guard let row = try Row.fetchOne(db, sql: "SELECT fingerprint, accepted, committed_at FROM ingest_keys WHERE tenant_id = ? AND endpoint = ? AND key = ?",
                                         arguments: [tenant.description, idempotency.endpoint, idempotency.key]) else { return nil }
        guard row["fingerprint"] == idempotency.fingerprint else {
            throw StoreError.conflict(entity: "idempotency key", detail: "the Idempotency-Key '\(idempotency.key)' was used for another batch")
        }
        return IngestReceipt(accepted: row["accepted"], replayed: true, committedAt: Date(timeIntervalSince1970: row["committed_at"]))
    }

    static func remember(_ idempotency: IdempotencyKey?, accepted: Int, tenant: TenantID, at now: Date, _ db: Database) throws -> IngestReceipt {
        if let idempotency {
            try db.execute(sql: "INSERT INTO ingest_keys (tenant_id, endpoint, key, fingerprint, accepted, committed_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [tenant.description, idempotency.endpoint, idempotency.key, idempotency.fingerprint, accepted,
                                       now.timeIntervalSince1970])
        }
        return IngestReceipt(accepted: accepted, replayed: false, committedAt: now)
    }

    private func write(tenant: TenantID, _ body: @escaping @Sendable (Database) throws -> IngestReceipt) async throws -> IngestReceipt {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "ingest batch", detail: "tenant \(tenant) does not exist")
        }
    }

    /// The WHERE conditions of `filter` in `tenant`, with their arguments.
    private static func conditions(_ filter: ConnectionFilter, tenant: TenantID) -> ([String], [(any DatabaseValueConvertible)?]) {
        var conditions = ["tenant_id = ?"]
        var arguments: [(any DatabaseValueConvertible)?] = [tenant.description]
        if let from = filter.from { conditions.append("started_at >= ?"); arguments.append(from.timeIntervalSince1970) }
        if let to = filter.to { conditions.append("started_at < ?"); arguments.append(to.timeIntervalSince1970) }
        if let address = filter.address { conditions.append("(src_address = ? OR dst_address = ?)"); arguments += [address, address] }
        if let country = filter.country { conditions.append("dst_country = ?"); arguments.append(country) }
        if let asn = filter.asn { conditions.append("dst_asn = ?"); arguments.append(asn) }
        if let transport = filter.transport { conditions.append("transport = ?"); arguments.append(transport) }
        return (conditions, arguments)
    }

    private func rows(_ sql: String, _ arguments: StatementArguments, limit: Int) async throws -> Page<ConnectionRecord> {
        let rows: [(Int64, ConnectionRecord)] = try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                JSONDocument.decode(ConnectionRecord.self, from: row["document"]).map { (row["seq"], $0) }
            }
        }
        let items = rows.prefix(limit).map { seq, record in
            var record = record
            record.id = seq
            return record
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id.map(String.init) : nil)
    }
}
