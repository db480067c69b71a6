import Foundation
import HostKit
import Hummingbird
import Kernel
import KernelTesting
import Testing

@Suite("Probes, health, metrics and OpenAPI over HTTP", .serialized)
struct ServiceAPITests {
    @Test func runsAProbeNowAndKeepsItInTheHistory() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let up = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:\#(listener.port)","timeout":2}"#)
        #expect(up.status == 200)
        #expect(up.string("result.status") == "up")
        #expect(up.string("result.details.address") == "127.0.0.1")
        // Port 1 (tcpmux) rather than the listener's port closed again: tests running in
        // parallel bind ephemeral ports, and one may take the freed port in between.
        let down = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:1"}"#)
        #expect(down.string("result.failure.code") == "refused")
        let history = try await host.request(.GET, "/api/v1/probes/history")
        #expect(history.string("items.0.result.status") == "down")
        #expect(history.string("items.1.result.status") == "up")
    }

    @Test func refusesUnknownKindsAndBadTargets() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let unknown = try await host.request(.POST, "/api/v1/probes/gopher", body: #"{"target":"x"}"#)
        #expect(unknown.status == 404)
        #expect(unknown.value("errors.0.allowedValues") == .array(["dns", "http", "https", "icmp", "mtr", "mtr_ssh", "ping", "push", "tcp", "tls", "traceroute", "whois"].map(JSONValue.string)))
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"no-port"}"#).string("errors.0.field") == "target")
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"a:1","timeout":0}"#).string("errors.0.field") == "timeout")
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"a:1","extra":0}"#).string("errors.0.field") == "extra")
    }

    @Test func healthReadinessAndMetrics() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        #expect(try await host.request(.GET, "/health").string("status") == "ok")
        let ready = try await host.request(.GET, "/health/ready")
        #expect(ready.status == 200 && ready.string("checks.store") == "ok")
        try await host.request(.GET, "/api/v1/monitors")
        let metrics = try await host.request(.GET, "/metrics")
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        for name in ["vantage_checks_total", "vantage_scheduler_lag_seconds", "vantage_http_requests_total", "vantage_monitors_scheduled"] {
            #expect(metrics.body.contains(name), "metrics include \(name)")
        }
        #expect(metrics.body.contains(#"route="/api/v1/monitors""#))
    }

    @Test func everyRouteIsInTheOpenAPIDocumentAndBack() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let served = try await host.request(.GET, "/api/v1/openapi.json")
        #expect(served.string("openapi") == "3.1.0")
        guard case .object(let paths)? = served.value("paths") else {
            Issue.record("no paths")
            return
        }
        var documented = Set<String>()
        for (path, item) in paths {
            for method in (item.objectValue ?? [:]).keys where method != "parameters" { documented.insert("\(method.uppercased()) \(path)") }
        }
        let router = host.host.router()
        let routed = Set(router.routes.map { route in
            let path = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method) /" + path.joined(separator: "/")
        })
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.json: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
    }
}
