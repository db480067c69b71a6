import Foundation
@testable import HostKit
import Kernel
import KernelTesting
import Testing

/// `/metrics` exports the latest result of each monitor with the metrics its probe declares.
@Suite("monitor metrics on /metrics")
struct MonitorMetricsTests {
    @Test func eachMonitorsLatestResultAndDeclaredMetricsAreExported() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"web \"front\"","kind":"tcp","target":"127.0.0.1:\#(listener.port)","interval":1,"timeout":0.5}"#)
        let id = try #require(created.string("id"))
        let tenant = try #require(try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id"))
        let labels = #"tenant="\#(tenant)",monitor="\#(id)",monitor_name="web \"front\"",kind="tcp""#
        #expect(try await eventually { try await host.request(.GET, "/metrics").body.contains("vantage_monitor_up{\(labels)} 1") })
        let text = try await host.request(.GET, "/metrics").body
        #expect(text.contains("# HELP vantage_probe_tcp_connect_seconds Time to complete the TCP handshake.\n# TYPE vantage_probe_tcp_connect_seconds gauge"))
        #expect(text.contains("vantage_probe_tcp_connect_seconds{\(labels)} "))
        #expect(text.contains("vantage_monitor_latency_seconds{\(labels)} "))
        #expect(text.contains("vantage_monitor_degraded{\(labels)} 0"))
        #expect(text.contains("vantage_monitors_not_exported 0"))
        // Every metric the probe put in its result is one it declared, so none is silently left out.
        // (`/metrics` shows a result as soon as the check ends; the store has it once the
        // writer's next batch commits.)
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1").value("items.0") != nil })
        let results = try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1")
        let reported = results.value("items.0.result.metrics")?.objectValue?.keys.sorted() ?? []
        #expect(!reported.isEmpty)
        for key in reported { #expect(text.contains("vantage_probe_tcp_\(key){\(labels)} "), "\(key) is not exported") }
        // A down target reads 0; a deleted monitor's series go away.
        listener.close()
        #expect(try await eventually { try await host.request(.GET, "/metrics").body.contains("vantage_monitor_up{\(labels)} 0") })
        #expect(try await host.request(.DELETE, "/api/v1/monitors/\(id)").status == 204)
        #expect(try await eventually { try await !host.request(.GET, "/metrics").body.contains("monitor=\"\(id)\"") })
    }

    @Test func perMonitorSeriesCanBeTurnedOff() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let host = try await TestHost.start(monitorMetrics: false)
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"web","kind":"tcp","target":"127.0.0.1:\#(listener.port)","interval":1,"timeout":0.5}"#)
        let id = try #require(created.string("id"))
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1").value("items.0") != nil })
        let text = try await host.request(.GET, "/metrics").body
        #expect(text.contains("vantage_checks_total"), "the server's own metrics stay")
        #expect(!text.contains("vantage_monitor_up"), "no per-monitor series")
    }

    @Test func theNumberOfMonitorsExportedIsBounded() {
        let over = MonitorMetricsExposition.monitorLimit + 3
        let latest = (0..<over).map { index in
            LatestResult(monitor: Monitor(tenantID: .defaultTenant, name: "m\(index)", kind: "tcp", target: "127.0.0.1:1", interval: 60, timeout: 5),
                         result: ProbeResult(status: .up, latency: 0.001))
        }
        let text = MonitorMetricsExposition.render(latest, probes: ProbeDirectory([]))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("vantage_monitor_up{") }.count == MonitorMetricsExposition.monitorLimit)
        #expect(text.contains("\nvantage_monitors_not_exported 3\n"))
    }

    @Test func labelValuesAreEscaped() {
        #expect(MonitorMetricsExposition.escape(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
    }
}
