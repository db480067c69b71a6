import Foundation

/// The status of a monitor run from several locations, from the status of each: down when
/// at least `quorum` of them are down (default: more than half; with one location, that
/// one), so one broken vantage point does not page anyone.
public enum LocationQuorum {
    /// How many of `count` locations must be down for the monitor to be down.
    public static func needed(of count: Int, quorum: Int?) -> Int {
        guard count > 0 else { return 1 }
        return min(max(quorum ?? (count / 2 + 1), 1), count)
    }

    /// The overall status of locations with `statuses` (pending ones included: they count
    /// towards `count` but are neither up nor down).
    public static func status(of statuses: [MonitorStatus], quorum: Int?) -> MonitorStatus {
        let down = statuses.filter { $0 == .down }.count
        if !statuses.isEmpty, down >= needed(of: statuses.count, quorum: quorum) { return .down }
        if statuses.contains(.degraded) || (down > 0 && statuses.contains(.up)) { return .degraded }
        if statuses.contains(.up) { return .up }
        return .pending
    }
}

/// One location's state of a monitor, as stored (`AgentRepository.saveLocationStates`).
public struct LocationState: Sendable, Hashable {
    /// The monitor's tenant.
    public var tenantID: TenantID
    /// The monitor.
    public var monitorID: MonitorID
    /// The location (an agent's id).
    public var location: String
    /// The state there.
    public var state: MonitorState

    /// Creates a location state.
    public init(tenantID: TenantID, monitorID: MonitorID, location: String, state: MonitorState) {
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.location = location
        self.state = state
    }
}
