/// How finely a stored series is kept and read: every sample, or rolled up into one point per
/// minute or per hour with the minimum, average and maximum of the samples in it.
public enum SampleResolution: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every sample as collected.
    case raw
    /// One point per minute.
    case minute
    /// One point per hour.
    case hour

    /// The bucket length in milliseconds; 0 for raw.
    public var bucketMilliseconds: Int64 {
        switch self {
        case .raw: 0
        case .minute: 60_000
        case .hour: 3_600_000
        }
    }

    /// The finest resolution that keeps a series over `seconds` to at most `points` points
    /// (raw is assumed to be one sample per `sampleInterval` seconds), as a history chart asks.
    public static func fitting(seconds: Double, points: Int = 1_000, sampleInterval: Double = 10) -> SampleResolution {
        if seconds / sampleInterval <= Double(points) { return .raw }
        if seconds / 60 <= Double(points) { return .minute }
        return .hour
    }
}
