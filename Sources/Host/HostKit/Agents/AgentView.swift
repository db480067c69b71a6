import Foundation
import Kernel

/// An agent as the API shows it: never its credential's hash.
struct AgentView: Encodable {
    var id: AgentID
    var tenantId: TenantID?
    var name: String
    var status: AgentStatus
    /// Whether it was heard from within `offlineAfterSeconds` (approved agents only).
    var online: Bool
    var version: String
    var address: String
    var plugins: [String]
    var labels: [String]
    var spoolDepth: Int
    var enrolledAt: Date
    var decidedAt: Date?
    var lastSeenAt: Date?

    init(_ agent: Agent, offlineAfterSeconds: Double, now: Date = Date()) {
        id = agent.id
        tenantId = agent.tenantID
        name = agent.name
        status = agent.status
        online = agent.status == .approved && agent.lastSeenAt.map { now.timeIntervalSince($0) <= offlineAfterSeconds } == true
        version = agent.version
        address = agent.address
        plugins = agent.plugins
        labels = agent.labels
        spoolDepth = agent.spoolDepth
        enrolledAt = agent.enrolledAt
        decidedAt = agent.decidedAt
        lastSeenAt = agent.lastSeenAt
    }
}

/// The body of `PUT /api/v1/agents/{id}/approve` (optional) and `PATCH /api/v1/agents/{id}`.
struct AgentLabelsInput: Decodable {
    var labels: [String]?
}
