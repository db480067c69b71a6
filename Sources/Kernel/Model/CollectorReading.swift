/// What one collection from a source gives: samples to keep as a time series, and details
/// that are not numbers (a host's facts, its process list) kept as the latest value only.
public struct CollectorReading: Sendable, Hashable {
    /// The measurements, each with its name, labels and time.
    public var samples: [Sample]
    /// The collector's other findings, as a JSON object (`system`, `processes`…).
    public var details: JSONValue

    /// Creates a reading.
    public init(samples: [Sample], details: JSONValue = .object([:])) {
        self.samples = samples
        self.details = details
    }
}
