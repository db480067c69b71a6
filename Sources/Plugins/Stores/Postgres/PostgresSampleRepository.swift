import Foundation
import Kernel

/// Sample series in PostgreSQL: raw samples in `samples`, minute and hour buckets (count, min,
/// max, sum) in `sample_rollups`, times in Unix milliseconds, labels as canonical JSON text
/// ordered bytewise (`COLLATE "C"`), as every store orders them.
struct PostgresSampleRepository: SampleRepository {
    let pool: PGConnectionPool

    /// Rows per INSERT: six parameters each, well under PostgreSQL's 65,535.
    static let rowsPerStatement = 1_000

    func append(_ samples: [Sample], source: String, tenant: TenantID) async throws {
        guard !samples.isEmpty else { return }
        do {
            try await pool.withConnection { connection in
                try connection.transaction {
                    for start in stride(from: 0, to: samples.count, by: Self.rowsPerStatement) {
                        let chunk = samples[start..<min(start + Self.rowsPerStatement, samples.count)]
                        var parameters: [String?] = []
                        var rows: [String] = []
                        for sample in chunk {
                            let base = parameters.count
                            rows.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6))")
                            parameters += [tenant.description, PGValues.text(source), PGValues.text(sample.name),
                                           PGValues.text(SampleLabels.encode(sample.labels)), String(SampleTime.milliseconds(sample.timestamp)), String(sample.value)]
                        }
                        try connection.query("INSERT INTO samples (tenant_id, source, name, labels, time, value) VALUES \(rows.joined(separator: ", "))", parameters)
                    }
                }
            }
        } catch {
            throw error.asStoreError(entity: "sample", conflict: "tenant \(tenant) does not exist")
        }
    }

    func query(_ query: SampleQuery, tenant: TenantID) async throws -> [SeriesPoint] {
        var parameters: [String?] = [tenant.description, PGValues.text(query.source),
                                     String(SampleTime.milliseconds(query.from)), String(SampleTime.milliseconds(query.to))]
        var filter = "tenant_id = $1 AND source = $2 AND time >= $3 AND time < $4"
        if let names = query.names {
            parameters.append("{" + names.map { "\"" + PGValues.text($0).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}")
            filter += " AND name = ANY($5::text[])"
        }
        let bucket = query.resolution.bucketMilliseconds
        let sql: String
        if bucket == 0 {
            sql = """
                SELECT name, labels, time, 1 AS count, value AS low, value AS high, value AS total FROM samples WHERE \(filter)
                ORDER BY name COLLATE "C", labels COLLATE "C", time
                """
        } else {
            sql = """
                SELECT name, labels, bucket AS time, sum(count) AS count, min(low) AS low, max(high) AS high, sum(total) AS total FROM (
                    SELECT name, labels, time - (time % \(bucket)) AS bucket, 1::bigint AS count, value AS low, value AS high, value AS total
                    FROM samples WHERE \(filter)
                    UNION ALL
                    SELECT name, labels, time - (time % \(bucket)), sample_count, min_value, max_value, sum_value
                    FROM sample_rollups WHERE \(filter) AND resolution <= \(bucket)) AS folded
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
                SELECT name, labels, time, value FROM samples WHERE tenant_id = $1 AND source = $2
                AND time = (SELECT max(time) FROM samples WHERE tenant_id = $1 AND source = $2)
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
                try connection.query(Self.fold(from: "samples", select: ["1", "value", "value", "value"], where: "time < $1", into: 60_000), [String(cutoffs.raw)])
                let raw = try connection.query("DELETE FROM samples WHERE time < $1", [String(cutoffs.raw)]).affected
                try connection.query(Self.fold(from: "sample_rollups", select: ["sample_count", "min_value", "max_value", "sum_value"],
                                               where: "resolution = 60000 AND time < $1", into: 3_600_000), [String(cutoffs.minute)])
                let minutes = try connection.query("DELETE FROM sample_rollups WHERE resolution = 60000 AND time < $1", [String(cutoffs.minute)]).affected
                let hours = try connection.query("DELETE FROM sample_rollups WHERE resolution = 3600000 AND time < $1", [String(cutoffs.hour)]).affected
                return SampleRollupOutcome(rawRolledUp: raw, minutesRolledUp: minutes, hoursDeleted: hours)
            }
        }
    }

    func deleteSource(_ source: String, tenant: TenantID) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.transaction {
                let raw = try connection.query("DELETE FROM samples WHERE tenant_id = $1 AND source = $2", [tenant.description, PGValues.text(source)]).affected
                let rolled = try connection.query("DELETE FROM sample_rollups WHERE tenant_id = $1 AND source = $2", [tenant.description, PGValues.text(source)]).affected
                return raw + rolled
            }
        }
    }

    /// Folds rows of `table` matching `condition` into buckets of `bucket` milliseconds in
    /// `sample_rollups`, adding to a bucket already there. `select`: count, min, max, sum.
    static func fold(from table: String, select: [String], where condition: String, into bucket: Int64) -> String {
        """
        INSERT INTO sample_rollups (tenant_id, source, name, labels, resolution, time, sample_count, min_value, max_value, sum_value)
        SELECT tenant_id, source, name, labels, \(bucket), time - (time % \(bucket)), sum(\(select[0])), min(\(select[1])), max(\(select[2])), sum(\(select[3]))
        FROM \(table) WHERE \(condition) GROUP BY tenant_id, source, name, labels, time - (time % \(bucket))
        ON CONFLICT (tenant_id, source, name, labels, resolution, time) DO UPDATE SET
            sample_count = sample_rollups.sample_count + excluded.sample_count,
            min_value = least(sample_rollups.min_value, excluded.min_value),
            max_value = greatest(sample_rollups.max_value, excluded.max_value),
            sum_value = sample_rollups.sum_value + excluded.sum_value
        """
    }
}
