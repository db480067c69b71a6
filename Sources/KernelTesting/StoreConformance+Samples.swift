import Foundation
import Kernel

extension StoreConformance {
    static func samples(of store: any Store) throws -> any SampleRepository {
        guard let samples = (store as? any SampleStore)?.samples else { throw ConformanceFailure(message: "the store keeps no samples", location: #fileID) }
        return samples
    }

    /// 2023-11-14 22:13:20 UTC plus `seconds`: on a whole hour, so buckets are easy to read.
    static func sampleTime(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_699_999_200 + seconds) }

    /// One collection at `seconds`: total CPU, CPU 0 and the root filesystem.
    static func collection(_ seconds: Double, cpu: Double) -> [Sample] {
        let time = sampleTime(seconds)
        return [Sample(name: "cpu_busy_percent", value: cpu, timestamp: time),
                Sample(name: "cpu_busy_percent", labels: ["cpu": "0"], value: cpu * 2, timestamp: time),
                Sample(name: "filesystem_used_percent", labels: ["mount": "/var/lib/data dir"], value: 40, timestamp: time)]
    }

    /// Cases for `SampleStore`s, added by `cases(for:)` to every store type that conforms.
    static let sampleCases: [StoreConformanceCase] = [
        .init("samples: raw series read back by name and time, the latest collection, within their tenant and source") { store in
            let samples = try samples(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            for (index, cpu) in [10.0, 20, 30].enumerated() {
                try await samples.append(collection(Double(index) * 10, cpu: cpu), source: "host-a", tenant: tenant)
            }
            try await samples.append(collection(0, cpu: 99), source: "host-b", tenant: tenant)
            try await samples.append(collection(0, cpu: 77), source: "host-a", tenant: other)
            let query = SampleQuery(source: "host-a", names: ["cpu_busy_percent"], from: sampleTime(0), to: sampleTime(20), resolution: .raw)
            let points = try await samples.query(query, tenant: tenant)
            // Labels order as their canonical JSON in bytes: `{"cpu":"0"}` before `{}`.
            try expectEqual(points.map(\.labels), [["cpu": "0"], ["cpu": "0"], [:], [:]], "ordered by labels, then time; to is exclusive")
            try expectEqual(points.map(\.avg), [20, 40, 10, 20], "values")
            try expectEqual(points.map(\.count), [1, 1, 1, 1], "one sample per raw point")
            try expectEqual(points.first?.timestamp, sampleTime(0), "time to the millisecond")
            try expectEqual(try await samples.query(SampleQuery(source: "host-a", from: sampleTime(0), to: sampleTime(30), resolution: .raw), tenant: tenant).count,
                            9, "every name without a name filter")
            let latest = try await samples.latest(source: "host-a", tenant: tenant)
            try expectEqual(Set(latest.map(\.value)), [30, 60, 40], "the newest collection")
            try expectEqual(latest.first { $0.name == "filesystem_used_percent" }?.labels, ["mount": "/var/lib/data dir"], "labels read back")
            try expectEqual(try await samples.latest(source: "host-a", tenant: other).map(\.value).contains(77), true, "the other tenant's own")
            try expectEqual(try await samples.query(query, tenant: other).map(\.avg), [154, 77], "another tenant sees only its own")
            try expectEqual(try await samples.latest(source: "host-c", tenant: tenant), [], "an unknown source has none")
            try expectEqual(try await samples.deleteSource("host-a", tenant: tenant), 9, "the source's rows")
            try expectEqual(try await samples.latest(source: "host-a", tenant: tenant), [], "gone")
            try expectEqual(try await samples.latest(source: "host-b", tenant: tenant).count, 3, "another source stays")
        },
        .init("samples: rolled up into minutes then hours with min/avg/max, the same before and after the rollup; hours pruned") { store in
            let samples = try samples(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            // Two hours of 10-second readings: CPU cycles 0, 10, …, 50 each minute.
            // Appended in one call: a backfill, and one transaction rather than 720.
            let readings = (0..<720).map { step in
                Sample(name: "cpu_busy_percent", value: Double(step % 6) * 10, timestamp: sampleTime(Double(step) * 10))
            }
            try await samples.append(readings, source: "h", tenant: tenant)
            let range = (from: sampleTime(0), to: sampleTime(7_200))
            let minutes = SampleQuery(source: "h", from: range.from, to: range.to, resolution: .minute)
            let hours = SampleQuery(source: "h", from: range.from, to: range.to, resolution: .hour)
            let minutesBefore = try await samples.query(minutes, tenant: tenant)
            let hoursBefore = try await samples.query(hours, tenant: tenant)
            try expectEqual(minutesBefore.count, 120, "a point per minute, folded from raw samples before any rollup")
            try expectEqual(minutesBefore.first.map { [$0.min, $0.avg, $0.max, Double($0.count)] }, [0, 25, 50, 6], "min/avg/max of a minute")
            try expectEqual(hoursBefore.map(\.count), [360, 360], "a point per hour")
            // Raw kept 45 minutes (1/32 day), minutes 90 (1/16 day): the first 75 minutes of raw
            // samples become minutes, and no minute is old enough for hours yet.
            let now = sampleTime(7_200)
            let retention = SampleRetention(rawDays: 1.0 / 32, minuteDays: 1.0 / 16, hourDays: 1)
            let first = try await samples.rollUp(now: now, retention: retention)
            try expectEqual(first, SampleRollupOutcome(rawRolledUp: 450), "75 minutes of raw samples")
            try expectEqual(try await samples.query(minutes, tenant: tenant), minutesBefore, "minutes read the same after the rollup")
            let raw = try await samples.query(SampleQuery(source: "h", from: range.from, to: range.to, resolution: .raw), tenant: tenant)
            try expectEqual(raw.count, 270, "the last 45 minutes of raw samples remain")
            let again = try await samples.rollUp(now: now, retention: retention)
            try expectEqual(again, SampleRollupOutcome(), "idempotent")
            // Nothing kept finer than hours: the hours read as before.
            let later = try await samples.rollUp(now: now, retention: SampleRetention(rawDays: 0, minuteDays: 0, hourDays: 1))
            try expectEqual(later.rawRolledUp, 270, "the rest of the raw samples")
            try expectEqual(later.minutesRolledUp, 120, "every minute bucket, those just made from raw samples too")
            try expectEqual(try await samples.query(hours, tenant: tenant), hoursBefore, "hours read the same after both rollups")
            try expectEqual(try await samples.query(minutes, tenant: tenant).count, 0, "no minutes left at minute resolution")
            let pruned = try await samples.rollUp(now: sampleTime(3_600 + 86_400), retention: SampleRetention(rawDays: 0, minuteDays: 0, hourDays: 1))
            try expectEqual(pruned.hoursDeleted, 1, "the first hour is past a day's retention")
        },
    ]
}
