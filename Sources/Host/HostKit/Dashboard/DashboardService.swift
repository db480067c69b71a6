import Foundation
import Kernel

/// Computes the dashboard from the store's rollups and counts: a fixed number of indexed
/// reads per request, whatever the number of monitors.
struct DashboardService: Sendable {
    let store: any DashboardStore
    let offlineAfterSeconds: Double
    /// The window of the ingest rates, in seconds.
    var ingestWindowSeconds = 300

    func summary(tenant: TenantID, now: Date = Date()) async throws -> DashboardSummary {
        let dashboard = store.dashboard
        let counts = try await dashboard.monitorStatusCounts(tenant: tenant)
        let dayAgo = now.addingTimeInterval(-86_400)
        let tally = try await dashboard.checkTally(tenant: tenant, since: dayAgo)
        let alerts = try await dashboard.eventCount(tenant: tenant, names: [AlertRaised.eventName], since: dayAgo)
        let windowStart = now.addingTimeInterval(-Double(ingestWindowSeconds))
        let connections = try await dashboard.connectionCount(tenant: tenant, since: windowStart)
        let logs = try await store.logs.count(tenant: tenant, since: windowStart)
        return DashboardSummary(
            generatedAt: now,
            monitors: .init(total: counts.total, up: counts.up, down: counts.down, degraded: counts.degraded, pending: counts.pending, paused: counts.paused),
            checks24h: .init(total: tally.checks, up: tally.up, degraded: tally.degraded, down: tally.down, maintenance: tally.maintenance),
            uptime24h: tally.uptime, averageLatencySeconds: tally.averageLatency,
            hosts: try await hosts(tenant: tenant), agents: try await agents(tenant: tenant, now: now), alerts24h: alerts,
            ingest: .init(windowSeconds: ingestWindowSeconds, connectionsPerSecond: Double(connections) / Double(ingestWindowSeconds),
                          logsPerSecond: Double(logs) / Double(ingestWindowSeconds)))
    }

    /// The tenant's hosts; offline ones are those whose latest collection event says so.
    private func hosts(tenant: TenantID) async throws -> DashboardSummary.Hosts? {
        guard let hostStore = store as? any HostStore else { return nil }
        var hosts: [RemoteHost] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let read = try await hostStore.hosts.list(tenant: tenant, page: page)
            hosts += read.items
            page.cursor = read.nextCursor
        } while page.cursor != nil
        var latest: [String: String] = [:]
        let transitions = try await store.dashboard.timeline(tenant: tenant, names: [HostWentOffline.eventName, HostCameOnline.eventName],
                                                             before: nil, page: PageRequest(limit: PageRequest.maximumLimit))
        for entry in transitions.items {
            if let host = entry.event.json["hostID"]?.stringValue, latest[host] == nil { latest[host] = entry.event.name }
        }
        let paused = hosts.filter { $0.paused || $0.collectionPaused }.count
        let offline = hosts.filter { !$0.paused && !$0.collectionPaused && latest[$0.id.description] == HostWentOffline.eventName }.count
        return .init(total: hosts.count, online: hosts.count - paused - offline, offline: offline, paused: paused)
    }

    /// The agents the tenant can use.
    private func agents(tenant: TenantID, now: Date) async throws -> DashboardSummary.Agents? {
        guard let agentStore = store as? any AgentStore else { return nil }
        var agents: [Agent] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let read = try await agentStore.agents.list(visibleTo: tenant, page: page)
            agents += read.items
            page.cursor = read.nextCursor
        } while page.cursor != nil
        let online = agents.filter { $0.status == .approved && $0.lastSeenAt.map { now.timeIntervalSince($0) <= offlineAfterSeconds } == true }
        return .init(total: agents.count, online: online.count, pending: agents.filter { $0.status == .pending }.count)
    }

    /// The timeline: events newest first, the same event raised by several servers shown once.
    func timeline(tenant: TenantID, types: Set<String>, before: Date?, page: PageRequest) async throws -> Page<TimelineItem> {
        let read = try await store.dashboard.timeline(tenant: tenant, names: types, before: before, page: page)
        var seen: Set<UUID> = []
        let items = read.items.filter { seen.insert($0.event.id).inserted }.map(TimelineItem.init)
        return Page(items: items, nextCursor: read.nextCursor)
    }
}
