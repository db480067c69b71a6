import Foundation

// The events of agents. Each is published in the tenant that made the decision (approval,
// revocation) or that the agent belongs to (online, offline); servers sharing a store relay
// them, so the server holding an agent's connection acts on a decision made through another.

/// An agent was approved (`agent.approved`): the server it is connected to issues its
/// credential.
public struct AgentApproved: EventPayload, Hashable {
    public static let eventName = "agent.approved"
    /// The agent.
    public var agentID: AgentID
    /// Creates the payload.
    public init(agentID: AgentID) { self.agentID = agentID }
}

/// An agent was rejected or revoked (`agent.revoked`): its open connection is closed.
public struct AgentRevoked: EventPayload, Hashable {
    public static let eventName = "agent.revoked"
    /// The agent.
    public var agentID: AgentID
    /// Creates the payload.
    public init(agentID: AgentID) { self.agentID = agentID }
}

/// An approved agent connected (`agent.online`).
public struct AgentCameOnline: EventPayload, Hashable {
    public static let eventName = "agent.online"
    /// The agent.
    public var agentID: AgentID
    /// Its name, for a message.
    public var name: String
    /// Creates the payload.
    public init(agentID: AgentID, name: String) {
        self.agentID = agentID
        self.name = name
    }
}

/// An approved agent's connection closed, or it stopped sending heartbeats (`agent.offline`).
public struct AgentWentOffline: EventPayload, Hashable {
    public static let eventName = "agent.offline"
    /// The agent.
    public var agentID: AgentID
    /// Its name, for a message.
    public var name: String
    /// When it was last heard from.
    public var lastSeenAt: Date?
    /// Creates the payload.
    public init(agentID: AgentID, name: String, lastSeenAt: Date?) {
        self.agentID = agentID
        self.name = name
        self.lastSeenAt = lastSeenAt
    }
}

/// An agent's labels changed (`agent.updated`): it is sent its monitors again.
public struct AgentUpdated: EventPayload, Hashable {
    public static let eventName = "agent.updated"
    /// The agent.
    public var agentID: AgentID
    /// Creates the payload.
    public init(agentID: AgentID) { self.agentID = agentID }
}

/// A monitor's status changed at one of its agent locations (`monitor.location_changed`);
/// the monitor's own status follows its locations by quorum (`LocationQuorum`) and is
/// announced as `monitor.status_changed`.
public struct MonitorLocationChanged: EventPayload, Hashable {
    public static let eventName = "monitor.location_changed"
    /// The monitor.
    public var monitorID: MonitorID
    /// The location (the agent's id).
    public var location: String
    /// The status there before.
    public var from: MonitorStatus
    /// The status there after.
    public var to: MonitorStatus
    /// The reason of the result that caused it, when down or degraded.
    public var failure: ProbeFailure?

    /// Creates a change.
    public init(monitorID: MonitorID, location: String, from: MonitorStatus, to: MonitorStatus, failure: ProbeFailure?) {
        self.monitorID = monitorID
        self.location = location
        self.from = from
        self.to = to
        self.failure = failure
    }
}
