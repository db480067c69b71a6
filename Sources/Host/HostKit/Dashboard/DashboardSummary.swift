import Foundation
import Kernel

/// `GET /api/v1/dashboard/summary`: a tenant's KPIs at a glance.
struct DashboardSummary: Encodable {
    /// Monitors by status.
    struct Monitors: Encodable {
        var total, up, down, degraded, pending, paused: Int
    }

    /// Monitor checks of the last 24 hours (from the hourly rollup: 24 to 25 hours).
    struct Checks: Encodable {
        var total, up, degraded, down, maintenance: Int
    }

    /// SSH hosts: online means collected and not reported offline since.
    struct Hosts: Encodable {
        var total, online, offline, paused: Int
    }

    /// Agents the tenant can use: online means approved and heard from lately.
    struct Agents: Encodable {
        var total, online, pending: Int
    }

    /// What producers sent in the last `windowSeconds`, per second.
    struct Ingest: Encodable {
        var windowSeconds: Int
        var connectionsPerSecond: Double
        var logsPerSecond: Double
    }

    var generatedAt: Date
    var monitors: Monitors
    var checks24h: Checks
    /// Share of the last 24 hours' checks outside maintenance that were up or degraded, 0 to 1.
    var uptime24h: Double?
    /// Mean latency of those checks, in seconds.
    var averageLatencySeconds: Double?
    var hosts: Hosts?
    var agents: Agents?
    /// Alerts raised in the last 24 hours (sent or suppressed).
    var alerts24h: Int
    var ingest: Ingest
}

/// `GET /api/v1/dashboard/timeline`'s items: one event each.
struct TimelineItem: Encodable {
    /// The outbox sequence (pages go by it).
    var sequence: Int64
    /// The event's id.
    var id: UUID
    /// What happened: `monitor.status_changed`, `alert.raised`, `host.offline`, ...
    var type: String
    var occurredAt: Date
    /// The event's payload, as the live stream sends it.
    var payload: JSONValue

    init(_ entry: OutboxEntry) {
        sequence = entry.sequence
        id = entry.event.id
        type = entry.event.name
        occurredAt = entry.event.occurredAt
        payload = entry.event.json
    }
}
