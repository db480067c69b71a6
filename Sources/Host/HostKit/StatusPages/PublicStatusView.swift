import Foundation
import Kernel

/// What `/api/v1/public/status-pages/{slug}` shows anyone: the page's monitors by group with
/// their status, uptime over 24 hours, 30 and 90 days, 72 hourly and 90 daily bars, the
/// monitors down or degraded now and those in maintenance. No ids, no failure messages, no
/// targets unless the page shows them.
struct PublicStatusView: Encodable {
    var title: String
    var description: String
    var generatedAt: Date
    /// `up` when every monitor is up, `down` when one is down, else `degraded`.
    var overall: String
    var groups: [Group]
    var incidents: [Incident]
    var maintenance: [Maintenance]

    struct Group: Encodable {
        var name: String
        var monitors: [PublicMonitor]
    }

    struct PublicMonitor: Encodable {
        var name: String
        var target: String?
        var status: MonitorStatus
        var since: Date?
        var uptime: [String: Double?]
        var hours: HistoryColumns
        var days: HistoryColumns
    }

    struct Incident: Encodable {
        var monitor: String
        var status: MonitorStatus
        var since: Date?
    }

    struct Maintenance: Encodable {
        var monitor: String
        var window: String
    }

    /// Reads what the page shows from the store.
    static func make(_ page: StatusPage, store: any Store, calendar: MaintenanceCalendar?, now: Date = Date()) async throws -> PublicStatusView {
        let ids = page.monitorIDs
        var monitors: [MonitorID: Monitor] = [:]
        for id in ids { if let monitor = try await store.monitors.get(id, tenant: page.tenantID) { monitors[id] = monitor } }
        let states = try await store.monitors.states(of: Array(monitors.keys), tenant: page.tenantID)
        let hourWindow = HistoryColumns.window(buckets: 72, bucketSeconds: 3600, now: now)
        let dayWindow = HistoryColumns.window(buckets: 90, bucketSeconds: 86_400, now: now)
        var shown: [MonitorID: PublicMonitor] = [:]
        var incidents: [Incident] = []
        var maintenance: [Maintenance] = []
        for (id, monitor) in monitors {
            let state = states[id]
            let status = MonitorSearch.shownStatus(monitor, state)
            var uptime: [String: Double?] = [:]
            for (name, days) in [("24h", 1.0), ("30d", 30.0), ("90d", 90.0)] {
                uptime[name] = try await store.results.uptime(tenant: page.tenantID, monitor: id, location: nil, since: now.addingTimeInterval(-days * 86_400)).ratio
            }
            let hours = try await store.results.statusBuckets(tenant: page.tenantID, monitor: id, location: nil,
                                                             from: hourWindow.from, to: hourWindow.to, bucketSeconds: 3600)
            let days = try await store.results.statusBuckets(tenant: page.tenantID, monitor: id, location: nil,
                                                            from: dayWindow.from, to: dayWindow.to, bucketSeconds: 86_400)
            shown[id] = PublicMonitor(name: monitor.name, target: page.showTargets ? monitor.target : nil, status: status, since: state?.lastChangedAt,
                                      uptime: uptime,
                                      hours: HistoryColumns(from: hourWindow.from, to: hourWindow.to, bucketSeconds: 3600, buckets: hours, latencies: []),
                                      days: HistoryColumns(from: dayWindow.from, to: dayWindow.to, bucketSeconds: 86_400, buckets: days, latencies: []))
            if status == .down || status == .degraded { incidents.append(Incident(monitor: monitor.name, status: status, since: state?.lastChangedAt)) }
            if let window = calendar?.window(covering: monitor, at: now) { maintenance.append(Maintenance(monitor: monitor.name, window: window.name)) }
        }
        let statuses = shown.values.map(\.status)
        let overall = statuses.contains(.down) ? "down" : statuses.allSatisfy { $0 == .up } ? "up" : "degraded"
        return PublicStatusView(title: page.title, description: page.description, generatedAt: now, overall: overall,
                                groups: page.groups.map { group in Group(name: group.name, monitors: group.monitors.compactMap { shown[$0] }) },
                                incidents: incidents.sorted { $0.monitor < $1.monitor }, maintenance: maintenance.sorted { $0.monitor < $1.monitor })
    }
}
