import Foundation
import GRDB
import Kernel

/// Sample series in SQLite. Each series (tenant, source, name, canonical JSON labels) is one
/// row of `sample_series`; its raw samples are `(series_id, time, value)` rows of
/// `sample_points`, and its minute and hour buckets (count, min, max, sum) rows of
/// `sample_buckets`, both `WITHOUT ROWID` tables keyed by series and time. A raw sample takes
/// about 35 bytes instead of the 268 it took with the series' text in every row (migration
/// `v9-sample-series`). Times are Unix milliseconds.
struct SQLiteSampleRepository: SampleRepository {
    let pool: DatabasePool

    func append(_ samples: [Sample], source: String, tenant: TenantID) async throws {
        guard !samples.isEmpty else { return }
        do {
            try await pool.write { db in try Self.insert(samples, source: source, tenant: tenant, db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "sample", detail: "tenant \(tenant) does not exist")
        }
    }

    /// Inserts `samples` of `source` in the caller's transaction (ingested snapshots share it
    /// with their idempotency key).
    static func insert(_ samples: [Sample], source: String, tenant: TenantID, _ db: Database) throws {
        let known = try db.cachedStatement(sql: "SELECT id FROM sample_series WHERE tenant_id = ? AND source = ? AND name = ? AND labels = ?")
        let series = try db.cachedStatement(sql: "INSERT INTO sample_series (tenant_id, source, name, labels) VALUES (?, ?, ?, ?) RETURNING id")
        let point = try db.cachedStatement(sql: "INSERT OR REPLACE INTO sample_points (series_id, time, value) VALUES (?, ?, ?)")
        var ids: [String: Int64] = [:]
        for sample in samples {
            let labels = SampleLabels.encode(sample.labels)
            let key = sample.name + "\u{0}" + labels
            let id: Int64
            if let seen = ids[key] {
                id = seen
            } else {
                let arguments: StatementArguments = [tenant.description, source, sample.name, labels]
                guard let found = try Int64.fetchOne(known, arguments: arguments) ?? Int64.fetchOne(series, arguments: arguments) else {
                    throw StoreError.unavailable("no id for a sample series")
                }
                id = found
                ids[key] = found
            }
            try point.execute(arguments: [id, SampleTime.milliseconds(sample.timestamp), sample.value])
        }
    }

    func query(_ query: SampleQuery, tenant: TenantID) async throws -> [SeriesPoint] {
        var series = "s.tenant_id = ? AND s.source = ?"
        var seriesArguments: [(any DatabaseValueConvertible)?] = [tenant.description, query.source]
        if let names = query.names {
            series += " AND s.name IN (\(names.map { _ in "?" }.joined(separator: ", ")))"
            seriesArguments += names.map { $0 as (any DatabaseValueConvertible)? }
        }
        let range: [(any DatabaseValueConvertible)?] = [SampleTime.milliseconds(query.from), SampleTime.milliseconds(query.to)]
        let bucket = query.resolution.bucketMilliseconds
        let sql: String
        var arguments = seriesArguments + range
        if bucket == 0 {
            sql = """
                SELECT s.name, s.labels, p.time, 1 AS count, p.value AS low, p.value AS high, p.value AS total
                FROM sample_series s JOIN sample_points p ON p.series_id = s.id
                WHERE \(series) AND p.time >= ? AND p.time < ? ORDER BY s.name, s.labels, p.time
                """
        } else {
            sql = """
                SELECT name, labels, bucket AS time, sum(count) AS count, min(low) AS low, max(high) AS high, sum(total) AS total FROM (
                    SELECT s.name, s.labels, p.time - (p.time % \(bucket)) AS bucket, 1 AS count, p.value AS low, p.value AS high, p.value AS total
                    FROM sample_series s JOIN sample_points p ON p.series_id = s.id WHERE \(series) AND p.time >= ? AND p.time < ?
                    UNION ALL
                    SELECT s.name, s.labels, b.time - (b.time % \(bucket)), b.sample_count, b.min_value, b.max_value, b.sum_value
                    FROM sample_series s JOIN sample_buckets b ON b.series_id = s.id
                    WHERE \(series) AND b.resolution IN (60000, 3600000) AND b.resolution <= \(bucket) AND b.time >= ? AND b.time < ?)
                GROUP BY name, labels, bucket ORDER BY name, labels, bucket
                """
            arguments += seriesArguments + range
        }
        let statementArguments = StatementArguments(arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                let count: Int = row["count"]
                let total: Double = row["total"]
                return SeriesPoint(name: row["name"], labels: SampleLabels.decode(row["labels"]), timestamp: SampleTime.date(row["time"]),
                                   min: row["low"], avg: total / Double(max(count, 1)), max: row["high"], count: count)
            }
        }
    }

    func latest(source: String, tenant: TenantID) async throws -> [Sample] {
        try await pool.read { db in
            // The newest time of each series through its key, then the samples at the newest.
            try Row.fetchAll(db, sql: """
                SELECT s.name, s.labels, p.time, p.value FROM sample_series s JOIN sample_points p ON p.series_id = s.id
                WHERE s.tenant_id = ?1 AND s.source = ?2 AND p.time = (
                    SELECT max((SELECT max(time) FROM sample_points WHERE series_id = n.id)) FROM sample_series n
                    WHERE n.tenant_id = ?1 AND n.source = ?2)
                """, arguments: [tenant.description, source]).map { row in
                Sample(name: row["name"], labels: SampleLabels.decode(row["labels"]), value: row["value"], timestamp: SampleTime.date(row["time"]))
            }
        }
    }

    func rollUp(now: Date, retention: SampleRetention) async throws -> SampleRollupOutcome {
        let cutoffs = retention.cutoffs(now: now)
        // `series_id IN (every series)` lets SQLite walk each series' key up to the cut-off
        // instead of scanning a table, with no index on time alone.
        let everySeries = "series_id IN (SELECT id FROM sample_series)"
        return try await pool.write { db in
            try db.execute(sql: Self.fold(from: "sample_points", select: "1, value, value, value", where: "\(everySeries) AND time < ?", into: 60_000),
                           arguments: [cutoffs.raw])
            try db.execute(sql: "DELETE FROM sample_points WHERE \(everySeries) AND time < ?", arguments: [cutoffs.raw])
            let raw = db.changesCount
            try db.execute(sql: Self.fold(from: "sample_buckets", select: "sample_count, min_value, max_value, sum_value",
                                          where: "\(everySeries) AND resolution = 60000 AND time < ?", into: 3_600_000), arguments: [cutoffs.minute])
            try db.execute(sql: "DELETE FROM sample_buckets WHERE \(everySeries) AND resolution = 60000 AND time < ?", arguments: [cutoffs.minute])
            let minutes = db.changesCount
            try db.execute(sql: "DELETE FROM sample_buckets WHERE \(everySeries) AND resolution = 3600000 AND time < ?", arguments: [cutoffs.hour])
            let hours = db.changesCount
            // Series with nothing left (an interface or a mount that went away).
            try db.execute(sql: """
                DELETE FROM sample_series WHERE NOT EXISTS (SELECT 1 FROM sample_points WHERE series_id = sample_series.id)
                AND NOT EXISTS (SELECT 1 FROM sample_buckets WHERE series_id = sample_series.id)
                """)
            return SampleRollupOutcome(rawRolledUp: raw, minutesRolledUp: minutes, hoursDeleted: hours)
        }
    }

    func deleteSource(_ source: String, tenant: TenantID) async throws -> Int {
        try await pool.write { db in
            let ofSource = "series_id IN (SELECT id FROM sample_series WHERE tenant_id = ? AND source = ?)"
            try db.execute(sql: "DELETE FROM sample_points WHERE \(ofSource)", arguments: [tenant.description, source])
            let raw = db.changesCount
            try db.execute(sql: "DELETE FROM sample_buckets WHERE \(ofSource)", arguments: [tenant.description, source])
            let buckets = db.changesCount
            try db.execute(sql: "DELETE FROM sample_series WHERE tenant_id = ? AND source = ?", arguments: [tenant.description, source])
            return raw + buckets
        }
    }

    /// Folds rows of `table` matching `condition` into buckets of `bucket` milliseconds in
    /// `sample_buckets`, adding to a bucket already there. `select` gives count, min, max, sum.
    static func fold(from table: String, select: String, where condition: String, into bucket: Int64) -> String {
        let parts = select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return """
            INSERT INTO sample_buckets (series_id, resolution, time, sample_count, min_value, max_value, sum_value)
            SELECT series_id, \(bucket), time - (time % \(bucket)), sum(\(parts[0])), min(\(parts[1])), max(\(parts[2])), sum(\(parts[3]))
            FROM \(table) WHERE \(condition) GROUP BY series_id, time - (time % \(bucket))
            ON CONFLICT (series_id, resolution, time) DO UPDATE SET
                sample_count = sample_count + excluded.sample_count, min_value = min(min_value, excluded.min_value),
                max_value = max(max_value, excluded.max_value), sum_value = sum_value + excluded.sum_value
            """
    }
}
