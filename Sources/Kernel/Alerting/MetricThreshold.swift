import Foundation

/// A measurement past a limit for several runs in a row: `latency>500ms for 3 runs`,
/// `loss>20%`, `expiry<14d` (a certificate's or a domain's days left),
/// `connect_seconds>0.2 for 2 runs`. It is breached when the newest `runs` results of a
/// monitor that carry the measurement are all past the limit, and it clears when the newest
/// one is not. A result without the measurement (a down TCP check has no latency) changes
/// neither: `down` is a trigger of its own.
public struct MetricThreshold: Sendable, Hashable {
    /// What is measured.
    public enum Measurement: Sendable, Hashable {
        /// The result's headline latency, in seconds.
        case latency
        /// The share of probes lost (`loss_ratio`), 0 to 1.
        case loss
        /// Days until a certificate (`certificate_days_left`) or a domain (`days_left`) expires.
        case expiry
        /// A named metric of the result, in its base unit.
        case metric(String)
    }

    /// What is measured.
    public var measurement: Measurement
    /// Whether values above the limit breach it (`>`), or values below it (`<`).
    public var breachesBelow: Bool
    /// The limit, in the measurement's base unit (seconds, ratio, days).
    public var limit: Double
    /// Results in a row above the limit, 1 to 100.
    public var runs: Int

    /// The most runs a threshold may ask for.
    public static let maximumRuns = 100

    /// Creates a threshold.
    public init(_ measurement: Measurement, above limit: Double, runs: Int = 1) {
        self.init(measurement, limit: limit, below: false, runs: runs)
    }

    /// Creates a threshold breached by values below `limit` (`expiry<14d`) or, when `below`
    /// is false, above it.
    public init(_ measurement: Measurement, limit: Double, below: Bool, runs: Int = 1) {
        self.measurement = measurement
        self.limit = limit
        self.breachesBelow = below
        self.runs = runs
    }

    /// Whether `value` is past the limit.
    public func isPast(_ value: Double) -> Bool {
        breachesBelow ? value < limit : value > limit
    }

    /// The measurement in `result`, in base units; nil when the result has none.
    public func value(in result: ProbeResult) -> Double? {
        switch measurement {
        case .latency: result.latency
        case .loss: result.metrics["loss_ratio"]
        case .expiry: result.metrics["certificate_days_left"] ?? result.metrics["days_left"]
        case .metric(let name): result.metrics[name]
        }
    }

    /// Whether the newest results (newest first) breach it: true when the newest `runs`
    /// that carry the measurement are all above the limit, false when the newest is at or
    /// below it, nil when the results say neither (too few, or none carry it).
    public func breached(byNewestFirst results: [ProbeResult]) -> Bool? {
        let values = results.compactMap(value(in:))
        guard let newest = values.first else { return nil }
        if !isPast(newest) { return false }
        guard values.count >= runs else { return nil }
        return values.prefix(runs).allSatisfy(isPast) ? true : nil
    }

    /// `value` in the measurement's usual unit: `612 ms`, `25 %`, `0.2`.
    public func format(_ value: Double) -> String {
        switch measurement {
        case .latency: value < 1 ? "\(Self.trim(value * 1000)) ms" : "\(Self.trim(value)) s"
        case .loss: "\(Self.trim(value * 100)) %"
        case .expiry: "\(Self.trim(value)) days"
        case .metric: Self.trim(value)
        }
    }

    /// The measurement's name: `latency`, `loss`, or the metric's.
    public var measurementName: String {
        switch measurement {
        case .latency: "latency"
        case .loss: "loss"
        case .expiry: "expiry"
        case .metric(let name): name
        }
    }

    private static func trim(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension MetricThreshold: CustomStringConvertible {
    /// The canonical text: `latency>500ms for 3 runs`, `loss>20%`, `expiry<14d`,
    /// `connect_seconds>0.2 for 2 runs`.
    public var description: String {
        let text: String = switch measurement {
        case .latency: limit < 1 ? "\(Self.trim(limit * 1000))ms" : "\(Self.trim(limit))s"
        case .loss: "\(Self.trim(limit * 100))%"
        case .expiry: "\(Self.trim(limit))d"
        case .metric: Self.trim(limit)
        }
        return measurementName + (breachesBelow ? "<" : ">") + text + (runs > 1 ? " for \(runs) runs" : "")
    }

    /// Parses `MEASUREMENT>LIMIT[ for N runs]` or `MEASUREMENT<LIMIT[ for N runs]`: latency
    /// in `ms` or `s`, loss in `%`, expiry in days (`d`), any other metric name
    /// (`connect_seconds`) as a plain number in its base unit. Spaces around the parts are
    /// allowed. Nil when the text is not one.
    public init?(_ text: String) {
        let below = !text.contains(">")
        let parts = text.split(separator: below ? "<" : ">", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].contains("<"), !parts[1].contains(">") else { return nil }
        let name = parts[0].trimmingCharacters(in: .whitespaces)
        var rest = parts[1].trimmingCharacters(in: .whitespaces)
        var runs = 1
        if let range = rest.range(of: " for ") {
            let words = rest[range.upperBound...].split(separator: " ")
            guard (1...2).contains(words.count), let count = Int(words[0]), (1...Self.maximumRuns).contains(count),
                  words.count == 1 || words[1] == "runs" || words[1] == "run" else { return nil }
            runs = count
            rest = rest[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        func number(dropping suffix: String) -> Double? {
            guard rest.hasSuffix(suffix), let value = Double(rest.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)),
                  value.isFinite, value >= 0 else { return nil }
            return value
        }
        switch name {
        case "latency":
            if let ms = number(dropping: "ms") {
                self.init(.latency, limit: ms / 1000, below: below, runs: runs)
            } else if let seconds = number(dropping: "s") {
                self.init(.latency, limit: seconds, below: below, runs: runs)
            } else {
                return nil
            }
        case "loss":
            guard let percent = number(dropping: "%"), percent <= 100 else { return nil }
            self.init(.loss, limit: percent / 100, below: below, runs: runs)
        case "expiry":
            guard let days = number(dropping: "d") else { return nil }
            self.init(.expiry, limit: days, below: below, runs: runs)
        default:
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
                  let value = number(dropping: "") else { return nil }
            self.init(.metric(name), limit: value, below: below, runs: runs)
        }
    }
}
