import Foundation
import GRDB
import Kernel

/// Sample series in SQLite: raw samples in `samples`, minute and hour buckets (count, min,
/// max, sum) in `sample_rollups`, times in Unix milliseconds, labels as canonical JSON.
struct SQLiteSampleRepository: SampleRepository {
    let pool: DatabasePool

    func append(_ samples: [Sample], source: String, tenant: TenantID) async throws {
        guard !samples.isEmpty else { return }
        do {
            try await pool.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO samples (tenant_id, source, name, labels, time, value) VALUES (?, ?, ?, ?, ?, ?)")
                for sample in samples {
                    try statement.execute(arguments: [tenant.description, source, sample.name, SampleLabels.encode(sample.labels),
                                                      SampleTime.milliseconds(sample.timestamp), sample.value])
                }
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: "sample", detail: "tenant \(tenant) does not exist")
        }
    }

    func query(_ query: SampleQuery, tenant: TenantID) async throws -> [SeriesPoint] {
        var filter = "tenant_id = ? AND source = ? AND time >= ? AND time < ?"
        var arguments: [(any DatabaseValueConvertible)?] = [tenant.description, query.source,
                                                             SampleTime.milliseconds(query.from), SampleTime.milliseconds(query.to)]
        if let names = query.names {
            filter += " AND name IN (\(names.map { _ in "?" }.joined(separator: ", ")))"
            arguments += names.map { $0 as (any DatabaseValueConvertible)? }
        }
        let bucket = query.resolution.bucketMilliseconds
        let sql: String
        if bucket == 0 {
            sql = "SELECT name, labels, time, 1 AS count, value AS low, value AS high, value AS total FROM samples WHERE \(filter) ORDER BY name, labels, time"
        } else {
            sql = """
                SELECT name, labels, bucket AS time, sum(count) AS count, min(low) AS low, max(high) AS high, sum(total) AS total FROM (
                    SELECT name, labels, time - (time % \(bucket)) AS bucket, 1 AS count, value AS low, value AS high, value AS total
                    FROM samples WHERE \(filter)
                    UNION ALL
                    SELECT name, labels, time - (time % \(bucket)), sample_count, min_value, max_value, sum_value
                    FROM sample_rollups WHERE \(filter) AND resolution <= \(bucket))
                GROUP BY name, labels, bucket ORDER BY name, labels, bucket
                """
            arguments += arguments
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
            try Row.fetchAll(db, sql: """
                SELECT name, labels, time, value FROM samples WHERE tenant_id = ?1 AND source = ?2
                AND time = (SELECT max(time) FROM samples WHERE tenant_id = ?1 AND source = ?2)
                """, arguments: [tenant.description, source]).map { row in
                Sample(name: row["name"], labels: SampleLabels.decode(row["labels"]), value: row["value"], timestamp: SampleTime.date(row["time"]))
            }
        }
    }

    func rollUp(now: Date, retention: SampleRetention) async throws -> SampleRollupOutcome {
        let cutoffs = retention.cutoffs(now: now)
        return try await pool.write { db in
            try db.execute(sql: Self.fold(from: "samples", select: "1, value, value, value", where: "time < ?", into: 60_000), arguments: [cutoffs.raw])
            try db.execute(sql: "DELETE FROM samples WHERE time < ?", arguments: [cutoffs.raw])
            let raw = db.changesCount
            try db.execute(sql: Self.fold(from: "sample_rollups", select: "sample_count, min_value, max_value, sum_value",
                                          where: "resolution = 60000 AND time < ?", into: 3_600_000), arguments: [cutoffs.minute])
            try db.execute(sql: "DELETE FROM sample_rollups WHERE resolution = 60000 AND time < ?", arguments: [cutoffs.minute])
            let minutes = db.changesCount
            try db.execute(sql: "DELETE FROM sample_rollups WHERE resolution = 3600000 AND time < ?", arguments: [cutoffs.hour])
            return SampleRollupOutcome(rawRolledUp: raw, minutesRolledUp: minutes, hoursDeleted: db.changesCount)
        }
    }

    func deleteSource(_ source: String, tenant: TenantID) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM samples WHERE tenant_id = ? AND source = ?", arguments: [tenant.description, source])
            let raw = db.changesCount
            try db.execute(sql: "DELETE FROM sample_rollups WHERE tenant_id = ? AND source = ?", arguments: [tenant.description, source])
            return raw + db.changesCount
        }
    }

    /// Folds rows of `table` matching `condition` into buckets of `bucket` milliseconds in
    /// `sample_rollups`, adding to a bucket already there. `select` gives count, min, max, sum.
    static func fold(from table: String, select: String, where condition: String, into bucket: Int64) -> String {
        let parts = select.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return """
            INSERT INTO sample_rollups (tenant_id, source, name, labels, resolution, time, sample_count, min_value, max_value, sum_value)
            SELECT tenant_id, source, name, labels, \(bucket), time - (time % \(bucket)), sum(\(parts[0])), min(\(parts[1])), max(\(parts[2])), sum(\(parts[3]))
            FROM \(table) WHERE \(condition) GROUP BY tenant_id, source, name, labels, time - (time % \(bucket))
            ON CONFLICT (tenant_id, source, name, labels, resolution, time) DO UPDATE SET
                sample_count = sample_count + excluded.sample_count, min_value = min(min_value, excluded.min_value),
                max_value = max(max_value, excluded.max_value), sum_value = sum_value + excluded.sum_value
            """
    }
}
