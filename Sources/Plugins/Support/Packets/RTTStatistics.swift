/// Summary of round-trip times in seconds: what ping, fping and mtr print.
public struct RTTStatistics: Sendable, Hashable {
    /// Replies counted.
    public private(set) var count = 0
    /// The last round-trip time.
    public private(set) var last: Double?
    /// The smallest.
    public private(set) var best: Double?
    /// The largest.
    public private(set) var worst: Double?
    /// Mean of the absolute differences between consecutive round-trip times (mtr's Javg).
    public var jitter: Double { count > 1 ? jitterSum / Double(count - 1) : 0 }
    private var sum = 0.0
    private var mean = 0.0
    private var squaredDeviations = 0.0
    private var jitterSum = 0.0

    /// An empty summary.
    public init() {}

    /// A summary of `samples` in order.
    public init(_ samples: [Double]) {
        for sample in samples { add(sample) }
    }

    /// Adds one round-trip time (Welford's update, so long mtr runs stay exact).
    public mutating func add(_ rtt: Double) {
        if let last { jitterSum += abs(rtt - last) }
        count += 1
        sum += rtt
        let delta = rtt - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (rtt - mean)
        last = rtt
        best = min(best ?? rtt, rtt)
        worst = max(worst ?? rtt, rtt)
    }

    /// The mean, or nil without replies.
    public var average: Double? { count > 0 ? sum / Double(count) : nil }
    /// Population standard deviation (ping's `mdev`).
    public var populationDeviation: Double? { count > 0 ? (squaredDeviations / Double(count)).squareRoot() : nil }
    /// Sample standard deviation (mtr's StDev).
    public var sampleDeviation: Double? { count > 1 ? (squaredDeviations / Double(count - 1)).squareRoot() : (count == 1 ? 0 : nil) }
}

/// Rounds seconds to milliseconds with three decimals for JSON output.
public func milliseconds(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1000 }
