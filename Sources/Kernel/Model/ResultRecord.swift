import Foundation

/// A stored probe result: a monitor's check, or a one-shot probe run through the API or CLI.
public struct ResultRecord: Sendable, Codable, Hashable {
    /// The store's identifier, assigned on append; nil before.
    public var id: Int64?
    /// The tenant that owns the result.
    public var tenantID: TenantID
    /// The monitor that produced it; nil for a one-shot probe.
    public var monitorID: MonitorID?
    /// The probe kind (`tcp`, `icmp`, ...).
    public var kind: String
    /// The probed target as given.
    public var target: String
    /// When the run started.
    public var startedAt: Date
    /// Wall-clock duration of the run in seconds, as the host measured it.
    public var duration: Double
    /// What the probe found.
    public var result: ProbeResult

    /// Creates a record.
    public init(
        id: Int64? = nil, tenantID: TenantID, monitorID: MonitorID?, kind: String, target: String,
        startedAt: Date, duration: Double, result: ProbeResult
    ) {
        self.id = id
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.kind = kind
        self.target = target
        self.startedAt = startedAt
        self.duration = duration
        self.result = result
    }
}
