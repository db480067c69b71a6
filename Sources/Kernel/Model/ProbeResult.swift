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
    /// Events this run raised, published by the scheduler (see `ProbeEvent`). Encoded only
    /// when there are some.
    public var events: [ProbeEvent]

    /// Creates a result.
    public init(
        status: ProbeStatus,
        latency: Double? = nil,
        failure: ProbeFailure? = nil,
        metrics: [String: Double] = [:],
        details: JSONValue = .emptyObject,
        events: [ProbeEvent] = []
    ) {
        self.status = status
        self.latency = latency
        self.failure = failure
        self.metrics = metrics
        self.details = details
        self.events = events
    }

    private enum CodingKeys: String, CodingKey {
        case status, latency, failure, metrics, details, events
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(ProbeStatus.self, forKey: .status)
        latency = try container.decodeIfPresent(Double.self, forKey: .latency)
        failure = try container.decodeIfPresent(ProbeFailure.self, forKey: .failure)
        metrics = try container.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
        details = try container.decodeIfPresent(JSONValue.self, forKey: .details) ?? .emptyObject
        events = try container.decodeIfPresent([ProbeEvent].self, forKey: .events) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(latency, forKey: .latency)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(details, forKey: .details)
        if !events.isEmpty { try container.encode(events, forKey: .events) }
    }

    /// The failure code of `pending(_:)`.
    public static let pendingCode = "pending"

    /// A result that says nothing yet: a push monitor before its first push, within its window.
    /// The scheduler stores no result for it and leaves the monitor's status as it is.
    public static func pending(_ reason: String) -> ProbeResult {
        ProbeResult(status: .down, failure: ProbeFailure(code: pendingCode, message: reason))
    }

    /// Whether this is a `pending(_:)` result.
    public var isPending: Bool { status == .down && failure?.code == Self.pendingCode }

    /// A down result carrying its reason.
    public static func down(_ failure: ProbeFailure, details: JSONValue = .emptyObject) -> ProbeResult {
        ProbeResult(status: .down, failure: failure, details: details)
    }
}
