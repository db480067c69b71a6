import Foundation
import Kernel

/// Sample series in PostgreSQL. Each series (tenant, source, name, canonical JSON labels) is
/// one row of `sample_series`; its raw samples are `(series_id, time, value)` rows of
/// `sample_points` and its minute and hour buckets (count, min, max, sum) rows of
/// `sample_buckets`, keyed by series and time, with BRIN indexes on time for the rollup
/// (migration 8). Times are Unix milliseconds; labels order bytewise (`COLLATE "C"`), as every
/// store orders them.
struct PostgresSampleRepository: SampleRepository {
    let pool: PGConnectionPool

    /// Rows per INSERT: three parameters each, well under PostgreSQL's 65,535.
    static let rowsPerStatement = 2_000

    func append(_ samples: [Sample], source: String, tenant: TenantID) async throws {
        guard !samples.isEmpty else { return }
        do {
            try await pool.withConnection { connection in
                try connection.transaction { try Self.insert(samples, source: source, tenant: tenant, connection) }
            }
        } catch {
            throw error.asStoreError(entity: "sample", conflict: "tenant \(tenant) does not exist")
        }
    }

    /// Inserts `samples` of `source` in the caller's transaction (ingested snapshots share it
    /// with their idempotency key).
    static func insert(_ samples: [Sample], source: String, tenant: TenantID, _ connection: PGConnection) throws {
        guard !samples.isEmpty else { return }
        // One value per series and time (the last given), as a repeated key cannot be
        // inserted twice by one statement.
        var series: [String: (name: String, labels: String)] = [:]
        var points: [String: (key: String, time: Int64, value: Double)] = [:]
        var order: [String] = []
        for sample in samples {
            let labels = SampleLabels.encode(sample.labels)
            let key = sample.name + "\u{0}" + labels
            series[key] = (sample.name, labels)
            let time = SampleTime.milliseconds(sample.timestamp)
            let pointKey = key + "\u{0}\(time)"
            if points[pointKey] == nil { order.append(pointKey) }
            points[pointKey] = (key, time, sample.value)
        }
        let rows = order.compactMap { points[$0] }
        var parameters: [String?] = [tenant.description, PGValues.text(source)]
        var seriesRows: [String] = []
        for (_, item) in series {
            seriesRows.append("($1::uuid, $2, $\(parameters.count + 1), $\(parameters.count + 2))")
            parameters += [PGValues.text(item.name), PGValues.text(item.labels)]
        }
        try connection.query("""
            INSERT INTO sample_series (tenant_id, source, name, labels) VALUES \(seriesRows.joined(separator: ", "))
            ON CONFLICT (tenant_id, source, name, labels) DO NOTHING
            """, parameters)
        var ids: [String: String] = [:]
        for row in try connection.query("SELECT id, name, labels FROM sample_series WHERE tenant_id = $1 AND source = $2",
                                        [tenant.description, PGValues.text(source)]).all {
            ids[row.string("name") + "\u{0}" + row.string("labels")] = row.string("id")
        }
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            var values: [String?] = []
            var tuples: [String] = []
            for point in rows[start..<min(start + rowsPerStatement, rows.count)] {
                guard let id = ids[point.key] else { continue }
                tuples.append("($\(values.count + 1)::bigint, $\(values.count + 2)::bigint, $\(values.count + 3)::double precision)")
                values += [id, String(point.time), String(point.value)]
            }
            guard !tuples.isEmpty else { continue }
            try connection.query("""
                INSERT INTO sample_points (series_id, time, value) VALUES \(tuples.joined(separator: ", "))
                ON CONFLICT (series_id, time) DO UPDATE SET value = excluded.value
                """, values)
        }
    }

    func query(_ query: SampleQuery, tenant: TenantID) async throws -> [SeriesPoint] {
        var parameters: [String?] = [tenant.description, PGValues.text(query.source),
                                     String(SampleTime.milliseconds(query.from)), String(SampleTime.milliseconds(query.to))]
        var series = "s.tenant_id = $1 AND s.source = $2"
        if let names = query.names {
            parameters.append("{" + names.map { "\"" + PGValues.text($0).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}")
            series += " AND s.name = ANY($5::text[])"
        }
        let bucket = query.resolution.bucketMilliseconds
        let sql: String
        if bucket == 0 {
            sql = """
                SELECT s.name, s.labels, p.time, 1 AS count, p.value AS low, p.value AS high, p.value AS total
                FROM sample_series s JOIN sample_points p ON p.series_id = s.id WHERE \(series) AND p.time >= $3 AND p.time < $4
                ORDER BY s.name COLLATE "C", s.labels COLLATE "C", p.time
                """
        } else {
            sql = """
                SELECT name, labels, bucket AS time, sum(count) AS count, min(low) AS low, max(high) AS high, sum(total) AS total FROM (
                    SELECT s.name, s.labels, p.time - (p.time % \(bucket)) AS bucket, 1::bigint AS count, p.value AS low, p.value AS high, p.value AS total
                    FROM sample_series s JOIN sample_points p ON p.series_id = s.id WHERE \(series) AND p.time >= $3 AND p.time < $4
                    UNION ALL
                    SELECT s.name, s.labels, b.time - (b.time % \(bucket)), b.sample_count, b.min_value, b.max_value, b.sum_value
                    FROM sample_series s JOIN sample_buckets b ON b.series_id = s.id
                    WHERE \(series) AND b.resolution <= \(bucket) AND b.time >= $3 AND b.time < $4) AS folded
                GROUP BY name, labels, bucket ORDER BY name COLLATE "C", labels COLLATE "C", bucket
                """
        }
        let bound = parameters
        let rows = try await pool.withConnection { connection in try connection.query(sql, bound).all }
        return rows.map { row in
            let count = max(row.int("count"), 1)
            return SeriesPoint(name: row.string("name"), labels: SampleLabels.decode(row.string("labels")), timestamp: SampleTime.date(row.int64("time")),
                               min: row.double("low") ?? 0, avg: (row.double("total") ?? 0) / Double(count), max: row.double("high") ?? 0, count: count)
        }
    }

    func latest(source: String, tenant: TenantID) async throws -> [Sample] {
        let rows = try await pool.withConnection { connection in
            try connection.query("""
                SELECT s.name, s.labels, p.time, p.value FROM sample_series s JOIN sample_points p ON p.series_id = s.id
                WHERE s.tenant_id = $1 AND s.source = $2 AND p.time = (
                    SELECT max((SELECT max(time) FROM sample_points WHERE series_id = n.id)) FROM sample_series n
                    WHERE n.tenant_id = $1 AND n.source = $2)
                """, [tenant.description, PGValues.text(source)]).all
        }
        return rows.map { row in
            Sample(name: row.string("name"), labels: SampleLabels.decode(row.string("labels")), value: row.double("value") ?? 0,
                   timestamp: SampleTime.date(row.int64("time")))
        }
    }

    func rollUp(now: Date, retention: SampleRetention) async throws -> SampleRollupOutcome {
        let cutoffs = retention.cutoffs(now: now)
        return try await pool.withConnection { connection in
            try connection.transaction {
                try connection.query(Self.fold(from: "sample_points", select: ["1", "value", "value", "value"], where: "time < $1", into: 60_000),
                                     [String(cutoffs.raw)])
                let raw = try connection.query("DELETE FROM sample_points WHERE time < $1", [String(cutoffs.raw)]).affected
                try connection.query(Self.fold(from: "sample_buckets", select: ["sample_count", "min_value", "max_value", "sum_value"],
                                               where: "resolution = 60000 AND time < $1", into: 3_600_000), [String(cutoffs.minute)])
                let minutes = try connection.query("DELETE FROM sample_buckets WHERE resolution = 60000 AND time < $1", [String(cutoffs.minute)]).affected
                let hours = try connection.query("DELETE FROM sample_buckets WHERE resolution = 3600000 AND time < $1", [String(cutoffs.hour)]).affected
                try connection.query("""
                    DELETE FROM sample_series s WHERE NOT EXISTS (SELECT 1 FROM sample_points WHERE series_id = s.id)
                    AND NOT EXISTS (SELECT 1 FROM sample_buckets WHERE series_id = s.id)
                    """)
                return SampleRollupOutcome(rawRolledUp: raw, minutesRolledUp: minutes, hoursDeleted: hours)
            }
        }
    }

    func deleteSource(_ source: String, tenant: TenantID) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.transaction {
                let parameters = [tenant.description, PGValues.text(source)]
                let ofSource = "series_id IN (SELECT id FROM sample_series WHERE tenant_id = $1 AND source = $2)"
                let raw = try connection.query("DELETE FROM sample_points WHERE \(ofSource)", parameters).affected
                let buckets = try connection.query("DELETE FROM sample_buckets WHERE \(ofSource)", parameters).affected
                try connection.query("DELETE FROM sample_series WHERE tenant_id = $1 AND source = $2", parameters)
                return raw + buckets
            }
        }
    }

    /// Folds rows of `table` matching `condition` into buckets of `bucket` milliseconds in
    /// `sample_buckets`, adding to a bucket already there. `select`: count, min, max, sum.
    static func fold(from table: String, select: [String], where condition: String, into bucket: Int64) -> String {
        """
        INSERT INTO sample_buckets (series_id, resolution, time, sample_count, min_value, max_value, sum_value)
        SELECT series_id, \(bucket), time - (time % \(bucket)), sum(\(select[0])), min(\(select[1])), max(\(select[2])), sum(\(select[3]))
        FROM \(table) WHERE \(condition) GROUP BY series_id, time - (time % \(bucket))
        ON CONFLICT (series_id, resolution, time) DO UPDATE SET
            sample_count = sample_buckets.sample_count + excluded.sample_count,
            min_value = least(sample_buckets.min_value, excluded.min_value),
            max_value = greatest(sample_buckets.max_value, excluded.max_value),
            sum_value = sample_buckets.sum_value + excluded.sum_value
        """
    }
}
