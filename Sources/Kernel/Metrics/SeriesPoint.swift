import Foundation

/// One point of a stored series: a raw sample (minimum, average and maximum all its value,
/// count 1) or a rollup bucket starting at `timestamp`.
public struct SeriesPoint: Sendable, Hashable, Codable {
    /// The metric name.
    public var name: String
    /// The series' labels.
    public var labels: [String: String]
    /// The sample's time, or the start of the bucket.
    public var timestamp: Date
    /// The smallest value in the bucket.
    public var min: Double
    /// The mean of the values in the bucket.
    public var avg: Double
    /// The largest value in the bucket.
    public var max: Double
    /// How many samples the bucket holds.
    public var count: Int

    /// Creates a point.
    public init(name: String, labels: [String: String], timestamp: Date, min: Double, avg: Double, max: Double, count: Int) {
        self.name = name
        self.labels = labels
        self.timestamp = timestamp
        self.min = min
        self.avg = avg
        self.max = max
        self.count = count
    }
}
