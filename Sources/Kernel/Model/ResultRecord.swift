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
    /// Whether a maintenance window covered the monitor when it ran: such results show as
    /// maintenance in status bars and are left out of uptime.
    public var maintenance: Bool
    /// Where it was taken: nil for a server, else the id of the agent that ran it.
    public var location: String?

    /// Creates a record.
    public init(
        id: Int64? = nil, tenantID: TenantID, monitorID: MonitorID?, kind: String, target: String,
        startedAt: Date, duration: Double, result: ProbeResult, maintenance: Bool = false, location: String? = nil
    ) {
        self.maintenance = maintenance
        self.location = location
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

extension ResultRecord {
    private enum CodingKeys: String, CodingKey {
        case id, tenantID, monitorID, kind, target, startedAt, duration, result, maintenance, location
    }

    /// Decodes a record; `maintenance` and `location` may be absent (records written before
    /// they existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decodeIfPresent(Int64.self, forKey: .id), tenantID: try container.decode(TenantID.self, forKey: .tenantID),
                  monitorID: try container.decodeIfPresent(MonitorID.self, forKey: .monitorID), kind: try container.decode(String.self, forKey: .kind),
                  target: try container.decode(String.self, forKey: .target), startedAt: try container.decode(Date.self, forKey: .startedAt),
                  duration: try container.decode(Double.self, forKey: .duration), result: try container.decode(ProbeResult.self, forKey: .result),
                  maintenance: try container.decodeIfPresent(Bool.self, forKey: .maintenance) ?? false,
                  location: try container.decodeIfPresent(String.self, forKey: .location))
    }
}
