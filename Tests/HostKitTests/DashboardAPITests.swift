import Foundation
@testable import HostKit
import Kernel
import Testing

/// The dashboard over HTTP: the summary's counts, 24-hour uptime and latency (from the
/// hourly rollup), ingest rates; the timeline's status changes, agent events and filters.
@Suite("dashboard over HTTP")
struct DashboardAPITests {
    static func monitor(_ host: TestHost, _ body: String) async throws -> String {
        let created = try await host.request(.POST, "/api/v1/monitors", body: body)
        return try #require(created.string("id"), "\(created.body)")
    }

    @Test func theSummaryCountsMonitorsChecksAndIngestAndTheTimelineShowsStatusChanges() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let listener = try LoopbackListener()
        defer { listener.close() }
        let up = try await Self.monitor(host, #"{"name":"up","kind":"tcp","target":"127.0.0.1:\#(listener.port)","interval":1}"#)
        let down = try await Self.monitor(host, #"{"name":"down","kind":"tcp","target":"127.0.0.1:1","interval":1}"#)
        _ = try await Self.monitor(host, #"{"name":"paused","kind":"tcp","target":"127.0.0.1:1","interval":60,"paused":true}"#)
        let push = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"job","kind":"push","target":"job","interval":3600}"#)
        let token = try #require(push.string("pushToken"))
        for id in [up, down] {
            let settled = try await HostMetricsAPITests.poll(seconds: 15, { try await host.request(.GET, "/api/v1/monitors/\(id)") }) {
                $0.string("status") != "pending"
            }
            #expect(settled.string("status") == (id == up ? "up" : "down"), "\(settled.body)")
        }
        let now = APIEncoding.dateText(Date())
        let posted = try await host.request(.POST, "/api/v1/logs/ingest", body: #"{"message":"hello"}"#, headers: ["X-Push-Token": token], auth: .none)
        #expect(posted.status == 202)
        let key = try await IngestAPITests.ingestKey(host)
        let record = #"{"source":{"address":"10.0.0.5"},"destination":{"address":"198.51.100.7","port":443},"protocol":"tcp","startedAt":"\#(now)"}"#
        let connections = try await host.request(.POST, "/api/v1/connections", body: IngestAPITests.batch([record, record]), auth: .apiKey(key))
        #expect(connections.status == 202, "\(connections.body)")

        let summary = try await host.request(.GET, "/api/v1/dashboard/summary")
        #expect(summary.status == 200, "\(summary.body)")
        #expect(summary.value("monitors") == .object(["total": .number(4), "up": .number(1), "down": .number(1), "degraded": .number(0),
                                                       "pending": .number(1), "paused": .number(1)]), "\(summary.body)")
        let checks = try #require(summary.value("checks24h.total")?.numberValue)
        let uptime = try #require(summary.value("uptime24h")?.numberValue, "\(summary.body)")
        #expect(checks >= 2 && uptime > 0 && uptime < 1, "one monitor up, one down: \(summary.body)")
        #expect((summary.value("averageLatencySeconds")?.numberValue ?? 0) > 0, "\(summary.body)")
        #expect(summary.value("ingest.logsPerSecond") == .number(1.0 / 300) && summary.value("ingest.connectionsPerSecond") == .number(2.0 / 300),
                "\(summary.body)")
        #expect(summary.value("hosts") == .object(["total": .number(0), "online": .number(0), "offline": .number(0), "paused": .number(0)]))
        #expect(summary.value("alerts24h") == .number(0))

        let timeline = try await host.request(.GET, "/api/v1/dashboard/timeline?types=monitor.status_changed")
        let items = try #require(timeline.value("items")?.arrayValue, "\(timeline.body)")
        let changes = items.compactMap { item -> String? in
            guard item["type"]?.stringValue == "monitor.status_changed" else { return nil }
            return "\(item["payload"]?["monitorID"]?.stringValue ?? "?") \(item["payload"]?["to"]?.stringValue ?? "?")"
        }
        #expect(Set(changes).isSuperset(of: ["\(up) up", "\(down) down"]), "\(timeline.body)")
        let refused = try await host.request(.GET, "/api/v1/dashboard/timeline?types=monitor.checked")
        #expect(refused.status == 422 && refused.body.contains("types"), "\(refused.body)")
        let viewer = try await host.request(.GET, "/api/v1/dashboard/summary", auth: .apiKey(key))
        #expect(viewer.status == 403, "an ingest key cannot read the dashboard: \(viewer.body)")
    }

    @Test func agentApprovalsReachTheTimelineThroughTheOutbox() async throws {
        let host = try await AgentAPITests.start()
        defer { Task { await host.stop() } }
        let id = UUID().uuidString.lowercased()
        _ = try await AgentLink.run(port: host.port, headers: AgentLink.headers(id: id, secret: AgentAPITests.secret)) { frames, _ in
            _ = try await frames.next()
            let approved = try await host.request(.PUT, "/api/v1/agents/\(id)/approve", body: #"{"labels":["eu"]}"#)
            #expect(approved.status == 200, "\(approved.body)")
        }
        let timeline = try await HostMetricsAPITests.poll(seconds: 10, { try await host.request(.GET, "/api/v1/dashboard/timeline?types=agent.approved") }) {
            ($0.value("items")?.arrayValue?.count ?? 0) > 0
        }
        #expect(timeline.string("items.0.type") == "agent.approved" && timeline.string("items.0.payload.agentID") == id, "\(timeline.body)")
        let summary = try await host.request(.GET, "/api/v1/dashboard/summary")
        #expect(summary.value("agents.total") == .number(1), "\(summary.body)")
    }

    @Test func maintenanceWindowsRaiseOneStartAndEndWithStableIDs() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let window = MaintenanceWindow(tenantID: TenantID.random(), name: "db upgrade", monitors: .all,
                                       schedule: .once(from: start, to: start.addingTimeInterval(600)))
        #expect(MaintenanceWatcher.changes(in: [window], from: start.addingTimeInterval(-20), to: start.addingTimeInterval(-5)).isEmpty)
        let began = MaintenanceWatcher.changes(in: [window], from: start.addingTimeInterval(-5), to: start.addingTimeInterval(10))
        #expect(began.map(\.name) == ["maintenance.started"] && began.first?.occurredAt == start, "dated at the minute it began")
        let again = MaintenanceWatcher.changes(in: [window], from: start.addingTimeInterval(-3), to: start.addingTimeInterval(12))
        #expect(again.first?.id == began.first?.id, "another server raises the same event")
        #expect(MaintenanceWatcher.changes(in: [window], from: start.addingTimeInterval(10), to: start.addingTimeInterval(25)).isEmpty)
        let ended = MaintenanceWatcher.changes(in: [window], from: start.addingTimeInterval(595), to: start.addingTimeInterval(610))
        #expect(ended.map(\.name) == ["maintenance.ended"])
    }
}
