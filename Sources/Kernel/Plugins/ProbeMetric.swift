/// A number a probe reports in `ProbeResult.metrics`, declared so the host can export it:
/// `/metrics` shows the latest value of each declared metric per monitor as the gauge
/// `vantage_probe_<plugin>_<name>` (`vantage_probe_icmp_rtt_avg_seconds`), with the help text
/// given here. Undeclared keys are stored with the result but not exported.
public struct ProbeMetric: Sendable, Hashable {
    /// The key in `ProbeResult.metrics`, in Prometheus style with its unit as suffix:
    /// `connect_seconds`, `loss_ratio`, `certificate_days_left`.
    public let name: String
    /// One sentence saying what it measures.
    public let help: String
    /// The unit: `seconds`, `ratio`, `bytes`, `days`, or `count` for plain counts.
    public let unit: String

    /// Declares a metric.
    public init(_ name: String, unit: String, help: String) {
        self.name = name
        self.unit = unit
        self.help = help
    }

    /// Whether `name` is usable in a metric family name: lower-case letters, digits and `_`,
    /// starting with a letter.
    public var hasValidName: Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
