import Kernel

/// What a live-stream client subscribes to, and the events each topic carries.
enum StreamTopic: String, CaseIterable, Sendable, Codable {
    /// Every check's result (`monitor.checked`), from the server that ran it.
    case results
    /// Monitors' status changes, their locations' changes, and monitors created, changed or deleted.
    case monitors
    /// Hosts' readings (`host.collected`) and their coming and going.
    case hosts
    /// Ingested connections (`connections.ingested`).
    case connections
    /// Ingested metric snapshots (`metrics.ingested`).
    case metrics
    /// Ingested log lines (`logs.ingested`).
    case logs
    /// Alerts raised (`alert.raised`).
    case alerts
    /// Agents approved, revoked, online, offline or changed.
    case agents

    /// The event names (or `prefix.*`) the topic carries.
    var eventNames: Set<String> {
        switch self {
        case .results: [MonitorChecked.eventName]
        case .monitors: [MonitorStatusChanged.eventName, MonitorLocationChanged.eventName, MonitorCreated.eventName, MonitorUpdated.eventName,
                         MonitorDeleted.eventName, MonitorsImported.eventName]
        case .hosts: ["host.*"]
        case .connections: [ConnectionsIngested.eventName]
        case .metrics: [MetricsIngested.eventName]
        case .logs: [LogsIngested.eventName]
        case .alerts: [AlertRaised.eventName]
        case .agents: ["agent.*"]
        }
    }

    /// Whether a subscriber may ask for the latest records of the topic (`bootstrap`).
    var bootstraps: Bool { self == .connections || self == .results }
}
