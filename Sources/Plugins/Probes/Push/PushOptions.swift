import Kernel

/// A push monitor's options.
public struct PushOptions: Codable, Sendable, Hashable {
    /// Seconds past the interval a push may be late before the monitor goes down; default
    /// 10 % of the interval, at least 5 s (`grace(interval:)`).
    public var graceSeconds: Double?

    /// Creates options.
    public init(graceSeconds: Double? = nil) { self.graceSeconds = graceSeconds }

    /// The grace for a monitor run every `interval` seconds.
    public func grace(interval: Double) -> Double { graceSeconds ?? max(5, interval * 0.1) }

    /// Refuses a negative grace, or one over a week.
    func validate() throws {
        if let graceSeconds, !(0...604_800).contains(graceSeconds) {
            throw ValidationError(field: "config.graceSeconds", "must be between 0 and 604800 seconds")
        }
    }
}
