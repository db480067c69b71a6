import Foundation

/// One measurement from a collector: a named value with labels at a time (a Prometheus-style sample).
public struct Sample: Sendable, Codable, Hashable {
    /// Metric name, snake case with unit suffix: `cpu_usage_ratio`, `memory_used_bytes`.
    public var name: String
    /// Dimensions of the measurement.
    public var labels: [String: String]
    /// The value, in base units.
    public var value: Double
    /// When it was measured.
    public var timestamp: Date

    /// Creates a sample.
    public init(name: String, labels: [String: String] = [:], value: Double, timestamp: Date = Date()) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }
}
