import Foundation
import Kernel

/// Sample series in memory: raw samples and rollup buckets, with the same folding rules as
/// the SQL stores (a reference for their conformance).
actor InMemorySamples: SampleRepository {
    private struct Row {
        var tenant: TenantID, source: String, name: String, labels: String
        var time: Int64, resolution: Int64, count: Int, min: Double, max: Double, sum: Double
    }
    private var rows: [Row] = []

    func append(_ samples: [Sample], source: String, tenant: TenantID) {
        for sample in samples {
            rows.append(Row(tenant: tenant, source: source, name: sample.name, labels: SampleLabels.encode(sample.labels),
                            time: SampleTime.milliseconds(sample.timestamp), resolution: 0, count: 1, min: sample.value, max: sample.value, sum: sample.value))
        }
    }

    func query(_ query: SampleQuery, tenant: TenantID) -> [SeriesPoint] {
        let bucket = query.resolution.bucketMilliseconds
        let from = SampleTime.milliseconds(query.from), to = SampleTime.milliseconds(query.to)
        let selected = rows.filter { row in
            row.tenant == tenant && row.source == query.source && row.time >= from && row.time < to
                && (query.names.map { $0.contains(row.name) } ?? true) && (bucket == 0 ? row.resolution == 0 : row.resolution <= bucket)
        }
        var points: [Row]
        if bucket == 0 {
            points = selected
        } else {
            var merged: [String: Row] = [:]
            for row in selected {
                var folded = row
                folded.time = row.time - ((row.time % bucket) + bucket) % bucket
                let key = "\(row.name)\u{0}\(row.labels)\u{0}\(folded.time)"
                if var existing = merged[key] {
                    existing.count += row.count
                    existing.min = Swift.min(existing.min, row.min)
                    existing.max = Swift.max(existing.max, row.max)
                    existing.sum += row.sum
                    merged[key] = existing
                } else {
                    merged[key] = folded
                }
            }
            points = Array(merged.values)
        }
        return points.sorted { ($0.name, $0.labels, $0.time) < ($1.name, $1.labels, $1.time) }.map { row in
            SeriesPoint(name: row.name, labels: SampleLabels.decode(row.labels), timestamp: SampleTime.date(row.time),
                        min: row.min, avg: row.sum / Double(row.count), max: row.max, count: row.count)
        }
    }

    func latest(source: String, tenant: TenantID) -> [Sample] {
        let raw = rows.filter { $0.tenant == tenant && $0.source == source && $0.resolution == 0 }
        guard let newest = raw.map(\.time).max() else { return [] }
        return raw.filter { $0.time == newest }.map { row in
            Sample(name: row.name, labels: SampleLabels.decode(row.labels), value: row.sum, timestamp: SampleTime.date(row.time))
        }
    }

    func rollUp(now: Date, retention: SampleRetention) -> SampleRollupOutcome {
        let cutoffs = retention.cutoffs(now: now)
        let raw = fold(from: 0, into: 60_000, before: cutoffs.raw)
        let minutes = fold(from: 60_000, into: 3_600_000, before: cutoffs.minute)
        let count = rows.count
        rows.removeAll { $0.resolution == 3_600_000 && $0.time < cutoffs.hour }
        return SampleRollupOutcome(rawRolledUp: raw, minutesRolledUp: minutes, hoursDeleted: count - rows.count)
    }

    func deleteSource(_ source: String, tenant: TenantID) -> Int {
        let count = rows.count
        rows.removeAll { $0.tenant == tenant && $0.source == source }
        return count - rows.count
    }

    /// Moves rows of `resolution` before `cutoff` into buckets of `bucket`, merging.
    private func fold(from resolution: Int64, into bucket: Int64, before cutoff: Int64) -> Int {
        let moving = rows.filter { $0.resolution == resolution && $0.time < cutoff }
        rows.removeAll { $0.resolution == resolution && $0.time < cutoff }
        for row in moving {
            let start = row.time - ((row.time % bucket) + bucket) % bucket
            if let index = rows.firstIndex(where: { $0.resolution == bucket && $0.tenant == row.tenant && $0.source == row.source
                && $0.name == row.name && $0.labels == row.labels && $0.time == start }) {
                rows[index].count += row.count
                rows[index].min = Swift.min(rows[index].min, row.min)
                rows[index].max = Swift.max(rows[index].max, row.max)
                rows[index].sum += row.sum
            } else {
                var folded = row
                folded.time = start
                folded.resolution = bucket
                rows.append(folded)
            }
        }
        return moving.count
    }
}
