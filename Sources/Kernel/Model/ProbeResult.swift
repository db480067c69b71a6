import Foundation

/// What one probe run found. A down target is a result, not an error.
public struct ProbeResult: Sendable, Codable, Hashable {
    /// Up, degraded or down.
    public var status: ProbeStatus
    /// The probe's headline measurement in seconds (connect time, round-trip time), if any.
    public var latency: Double?
    /// Why the target is down or degraded; nil when it is up.
    public var failure: ProbeFailure?
    /// Named measurements, in base units (seconds, bytes, ratios): `connect_seconds`, ...
    public var metrics: [String: Double]
    /// Probe-specific structured detail (the address connected to, every hop of a trace, ...).
    public var details: JSONValue

    /// Creates a result.
    public init(
        status: ProbeStatus,
        latency: Double? = nil,
        failure: ProbeFailure? = nil,
        metrics: [String: Double] = [:],
        details: JSONValue = .emptyObject
    ) {
        self.status = status
        self.latency = latency
        self.failure = failure
        self.metrics = metrics
        self.details = details
    }

    /// A down result carrying its reason.
    public static func down(_ failure: ProbeFailure, details: JSONValue = .emptyObject) -> ProbeResult {
        ProbeResult(status: .down, failure: failure, details: details)
    }
}
