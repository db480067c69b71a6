import Foundation
import Kernel

/// Connections (by COPY) and metric snapshots in PostgreSQL, each batch in one transaction
/// with its idempotency key (`ingest_keys`). Two servers committing the same key at once meet
/// at the key's primary key: the loser's transaction rolls back and it answers with the
/// winner's receipt.
struct PostgresIngestRepository: IngestRepository {
    let pool: PGConnectionPool

    static let copyStatement = """
        COPY connections (tenant_id, started_at, src_address, dst_address, transport, dst_country, dst_country_name, dst_asn, dst_org,
            bytes_sent, bytes_received, document) FROM STDIN
        """

    func commit(connections: [ConnectionRecord], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        var encoder = CopyTextEncoder(capacity: connections.count * 512)
        for record in connections {
            var stored = record
            stored.id = nil
            stored.tenantID = tenant
            let geo = stored.destination.geo
            encoder.text(tenant.description)
            encoder.number(String(stored.startedAt.timeIntervalSince1970))
            encoder.text(stored.source.address)
            encoder.text(stored.destination.address)
            encoder.text(stored.transport)
            encoder.text(geo?.countryCode)
            encoder.text(geo?.country)
            encoder.number(geo?.asn.map(String.init))
            encoder.text(geo?.organization)
            encoder.number(String(stored.bytesSent))
            encoder.number(String(stored.bytesReceived))
            encoder.text(PGValues.text(try JSONDocument.encode(stored)))
            encoder.endRow()
        }
        let rows = encoder.bytes
        let count = connections.count
        return try await commit(tenant: tenant, idempotency: idempotency, accepted: count) { connection in
            if count > 0 { _ = try connection.copyIn(Self.copyStatement, data: rows) }
        }
    }

    func commit(snapshots: [Sample], source: String, tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        try await commit(tenant: tenant, idempotency: idempotency, accepted: snapshots.count) { connection in
            try PostgresSampleRepository.insert(snapshots, source: source, tenant: tenant, connection)
        }
    }

    func connections(tenant: TenantID, filter: ConnectionFilter, page: PageRequest) async throws -> Page<ConnectionRecord> {
        var (conditions, parameters) = Self.conditions(filter, tenant: tenant)
        parameters.append(String(page.cursor.flatMap(Int64.init) ?? Int64.max))
        conditions.append("seq < $\(parameters.count)")
        parameters.append(String(page.limit + 1))
        return try await rows("SELECT seq, document FROM connections WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT $\(parameters.count)",
                              parameters, limit: page.limit)
    }

    func aggregate(tenant: TenantID, filter: ConnectionFilter, by grouping: ConnectionGrouping, limit: Int) async throws -> [ConnectionAggregate] {
        var (conditions, parameters) = Self.conditions(filter, tenant: tenant)
        let (key, label) = switch grouping {
        case .destination: ("dst_address", "NULL::text")
        case .country: ("coalesce(dst_country, '')", "max(dst_country_name)")
        case .asn: ("coalesce(dst_asn::text, '')", "max(dst_org)")
        }
        parameters.append(String(limit))
        let sql = """
            SELECT \(key) AS key, \(label) AS label, count(*) AS connections, sum(bytes_sent + bytes_received) AS bytes
            FROM connections WHERE \(conditions.joined(separator: " AND ")) GROUP BY 1 ORDER BY bytes DESC, connections DESC, \(key) COLLATE "C"
            LIMIT $\(parameters.count)
            """
        let bound = parameters
        let rows = try await pool.withConnection { connection in try connection.query(sql, bound).all }
        return rows.map { ConnectionAggregate(key: $0.string("key"), label: $0["label"], connections: $0.int64("connections"), bytes: $0.int64("bytes")) }
    }

    func traffic(tenant: TenantID, filter: ConnectionFilter, bucketSeconds: Int) async throws -> [ConnectionBucket] {
        var (conditions, parameters) = Self.conditions(filter, tenant: tenant)
        parameters.append(String(bucketSeconds))
        let bucket = "(floor(started_at / $\(parameters.count)) * $\(parameters.count))::bigint"
        let sql = """
            SELECT \(bucket) AS bucket, count(*) AS connections, sum(bytes_sent) AS sent, sum(bytes_received) AS received
            FROM connections WHERE \(conditions.joined(separator: " AND ")) GROUP BY 1 ORDER BY 1
            """
        let bound = parameters
        let rows = try await pool.withConnection { connection in try connection.query(sql, bound).all }
        return rows.map {
            ConnectionBucket(start: Date(timeIntervalSince1970: Double($0.int64("bucket"))), connections: $0.int64("connections"),
                             bytesSent: $0.int64("sent"), bytesReceived: $0.int64("received"))
        }
    }

    func prune(before date: Date, keysBefore: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM ingest_keys WHERE committed_at < $1", [PGValues.epoch(keysBefore)])
            return try connection.query("DELETE FROM connections WHERE started_at < $1", [PGValues.epoch(date)]).affected
        }
    }

    func listAllTenants(page: PageRequest) async throws -> Page<ConnectionRecord> {
        try await rows("SELECT seq, document FROM connections WHERE seq > $1 ORDER BY seq LIMIT $2",
                       [String(page.cursor.flatMap(Int64.init) ?? 0), String(page.limit + 1)], limit: page.limit)
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM connections")
            try connection.query("DELETE FROM ingest_keys")
        }
    }

    /// Runs `body` and records the key in one transaction, unless the key was committed
    /// before; a concurrent commit of the same key is answered with its receipt.
    func commit(tenant: TenantID, idempotency: IdempotencyKey?, accepted: Int,
                        _ body: @escaping @Sendable (PGConnection) throws -> Void) async throws -> IngestReceipt {
        let now = Date()
        for attempt in 0..<2 {
            do {
                return try await pool.withRawConnection { connection in
                    try connection.transaction {
                        if let idempotency, let previous = try Self.previous(idempotency, tenant: tenant, connection) { return previous }
                        try body(connection)
                        if let idempotency {
                            try connection.query("""
                                INSERT INTO ingest_keys (tenant_id, endpoint, key, fingerprint, accepted, committed_at) VALUES ($1, $2, $3, $4, $5, $6)
                                """, [tenant.description, idempotency.endpoint, PGValues.text(idempotency.key), idempotency.fingerprint,
                                      String(accepted), PGValues.epoch(now)])
                        }
                        return IngestReceipt(accepted: accepted, replayed: false, committedAt: now)
                    }
                }
            } catch let error as PGError where error.sqlState == "23505" && idempotency != nil && attempt == 0 {
                continue  // the same key committed meanwhile by another request: read its receipt
            } catch let error as PGError where error.isConstraintViolation {
                throw StoreError.conflict(entity: "ingest batch", detail: "tenant \(tenant) does not exist, or a record was refused: \(error.message)")
            } catch let error as PGError {
                throw StoreError.unavailable(error.description)
            }
        }
        throw StoreError.unavailable("the idempotency key could be neither committed nor read")
    }

    private static func previous(_ idempotency: IdempotencyKey, tenant: TenantID, _ connection: PGConnection) throws -> IngestReceipt? {
        guard let row = try connection.query("SELECT fingerprint, accepted, committed_at FROM ingest_keys WHERE tenant_id = $1 AND endpoint = $2 AND key = $3",
                                             [tenant.description, idempotency.endpoint, PGValues.text(idempotency.key)]).first else { return nil }
        guard row.string("fingerprint") == idempotency.fingerprint else {
            throw StoreError.conflict(entity: "idempotency key", detail: "the Idempotency-Key '\(idempotency.key)' was used for another batch")
        }
        return IngestReceipt(accepted: row.int("accepted"), replayed: true,
                             committedAt: Date(timeIntervalSince1970: row.double("committed_at") ?? 0))
    }

    /// The WHERE conditions of `filter` in `tenant`, numbered from $1, with their parameters.
    private static func conditions(_ filter: ConnectionFilter, tenant: TenantID) -> ([String], [String?]) {
        var conditions = ["tenant_id = $1"]
        var parameters: [String?] = [tenant.description]
        func add(_ condition: String, _ value: String) {
            parameters.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(parameters.count)"))
        }
        if let from = filter.from { add("started_at >= ?", PGValues.epoch(from)) }
        if let to = filter.to { add("started_at < ?", PGValues.epoch(to)) }
        if let address = filter.address { add("(src_address = ? OR dst_address = ?)", PGValues.text(address)) }
        if let country = filter.country { add("dst_country = ?", PGValues.text(country)) }
        if let asn = filter.asn { add("dst_asn = ?", String(asn)) }
        if let transport = filter.transport { add("transport = ?", PGValues.text(transport)) }
        return (conditions, parameters)
    }

    private func rows(_ sql: String, _ parameters: [String?], limit: Int) async throws -> Page<ConnectionRecord> {
        let rows = try await pool.withConnection { connection in try connection.query(sql, parameters).all }
        let sequenced = rows.compactMap { row in
            JSONDocument.decode(ConnectionRecord.self, from: row["document"]).map { record -> (Int64, ConnectionRecord) in
                var record = record
                record.id = row.int64("seq")
                return (row.int64("seq"), record)
            }
        }
        return Page(sequenced: sequenced, limit: limit)
    }
}
