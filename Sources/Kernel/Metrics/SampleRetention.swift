import Foundation

/// How long each resolution is kept: raw samples for `rawDays`, then minute rollups until
/// `minuteDays`, then hour rollups until `hourDays`. `HostCollectionService` runs the rollup
/// (`collection.retention` in `Plugins.json`).
/// With the defaults, a host read every 10 seconds keeps about 8,640 raw points a day per
/// series, 1,440 a day for a week before that, then 24 a day for a year.
public struct SampleRetention: Sendable, Hashable, Codable {
    /// Days raw samples are kept before they are rolled up into minutes. Default 1.
    public var rawDays: Double
    /// Days minute rollups are kept before they are rolled up into hours. Default 8.
    public var minuteDays: Double
    /// Days hour rollups are kept. Default 366.
    public var hourDays: Double

    /// Creates a retention.
    public init(rawDays: Double = 1, minuteDays: Double = 8, hourDays: Double = 366) {
        self.rawDays = rawDays
        self.minuteDays = minuteDays
        self.hourDays = hourDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SampleRetention()
        rawDays = try container.decodeIfPresent(Double.self, forKey: .rawDays) ?? defaults.rawDays
        minuteDays = try container.decodeIfPresent(Double.self, forKey: .minuteDays) ?? defaults.minuteDays
        hourDays = try container.decodeIfPresent(Double.self, forKey: .hourDays) ?? defaults.hourDays
        if !(0.01...3650).contains(rawDays) {
            throw DecodingError.dataCorruptedError(forKey: .rawDays, in: container, debugDescription: "must be 0.01 to 3650")
        }
        if !(rawDays...3650).contains(minuteDays) {
            throw DecodingError.dataCorruptedError(forKey: .minuteDays, in: container, debugDescription: "must be rawDays to 3650")
        }
        if !(minuteDays...36_500).contains(hourDays) {
            throw DecodingError.dataCorruptedError(forKey: .hourDays, in: container, debugDescription: "must be minuteDays to 36500")
        }
    }

    /// The cut-offs for a rollup at `now`, each on a bucket boundary so that buckets are
    /// rolled up whole: raw samples before `raw` become minutes, minutes before `minute`
    /// become hours, hours before `hour` are deleted.
    public func cutoffs(now: Date) -> (raw: Int64, minute: Int64, hour: Int64) {
        func cutoff(_ days: Double, bucket: Int64) -> Int64 {
            let milliseconds = Int64((now.timeIntervalSince1970 - days * 86_400) * 1_000)
            return milliseconds - ((milliseconds % bucket) + bucket) % bucket
        }
        return (cutoff(rawDays, bucket: 60_000), cutoff(minuteDays, bucket: 3_600_000), cutoff(hourDays, bucket: 3_600_000))
    }
}
