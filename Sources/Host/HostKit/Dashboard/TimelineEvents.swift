import Kernel

/// What the dashboard's timeline shows: status changes of monitors and of their locations,
/// hosts going offline and back, alerts raised, agents approved, revoked, connecting and going
/// offline, and maintenance windows starting and ending.
enum TimelineEvents {
    /// Timeline events that other writers put in the outbox with what caused them.
    static let stored: Set<String> = [
        MonitorStatusChanged.eventName, MonitorLocationChanged.eventName, HostWentOffline.eventName, HostCameOnline.eventName,
    ]
    /// Timeline events published on the bus only; `TimelineRecorder` writes them to the outbox.
    static let recorded: Set<String> = [
        AlertRaised.eventName, AgentCameOnline.eventName, AgentWentOffline.eventName, AgentApproved.eventName, AgentRevoked.eventName,
        MaintenanceStarted.eventName, MaintenanceEnded.eventName,
    ]
    /// Every name the timeline shows.
    static let all = stored.union(recorded)
}
