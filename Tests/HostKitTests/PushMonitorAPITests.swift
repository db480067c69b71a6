import Foundation
import HostKit
import Kernel
import Testing

/// Push monitors over HTTP: a token issued once with the monitor, heartbeats to
/// `/api/v1/push/{token}`, the monitor down when pushes stop and up when they resume, and the
/// token regenerated.
@Suite("push monitors over HTTP")
struct PushMonitorAPITests {
    static func createPushMonitor(_ host: TestHost, interval: Int = 1, grace: Double = 1) async throws -> (id: String, token: String) {
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"nightly job","kind":"push","target":"backup.example.net","interval":\(interval),"config":{"graceSeconds":\(grace)}}
            """)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.string("id"), "\(created.body)")
        let token = try #require(created.string("pushToken"), "the token comes with the created monitor: \(created.body)")
        #expect(created.string("pushURL") == "/api/v1/push/\(token)")
        #expect(token.hasPrefix("vpush_") && token.count == 49)
        return (id, token)
    }

    static func status(_ host: TestHost, _ id: String) async throws -> TestHost.Reply {
        try await host.request(.GET, "/api/v1/monitors/\(id)")
    }

    @Test func aPushMonitorGoesDownWhenPushesStopAndUpWhenTheyResume() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (id, token) = try await Self.createPushMonitor(host)
        let shown = try await Self.status(host, id)
        #expect(shown.value("pushToken") == nil, "the token is never shown again: \(shown.body)")

        let pushed = try await host.request(.POST, "/api/v1/push/\(token)?status=up&msg=backup%20done&ping=12", auth: .none)
        #expect(pushed.status == 200 && pushed.value("ok") == .bool(true) && pushed.string("monitorId") == id, "\(pushed.body)")
        let up = try await HostMetricsAPITests.poll(seconds: 10, { try await Self.status(host, id) }) { $0.string("status") == "up" }
        #expect(up.string("status") == "up", "a push brings the monitor up: \(up.body)")
        let results = try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1")
        #expect(results.value("items.0.result.latency") == .number(0.012) && results.string("items.0.result.details.message") == "backup done", "\(results.body)")

        // No push for interval (1 s) plus grace (1 s): down, saying why.
        let down = try await HostMetricsAPITests.poll(seconds: 10, { try await Self.status(host, id) }) { $0.string("status") == "down" }
        #expect(down.string("status") == "down" && down.string("lastFailure.code") == "no_push", "\(down.body)")

        // Pushes resume (a JSON body this time): up again.
        let resumed = try await host.request(.POST, "/api/v1/push/\(token)", body: #"{"status":"up","latencyMs":3.5}"#, auth: .none)
        #expect(resumed.status == 200, "\(resumed.body)")
        let back = try await HostMetricsAPITests.poll(seconds: 10, { try await Self.status(host, id) }) { $0.string("status") == "up" }
        #expect(back.string("status") == "up", "\(back.body)")

        // A service that pushes "down" takes the monitor down at once, with its message.
        _ = try await host.request(.GET, "/api/v1/push/\(token)?status=down&msg=disk%20full", auth: .none)
        let reported = try await HostMetricsAPITests.poll(seconds: 10, { try await Self.status(host, id) }) { $0.string("status") == "down" }
        #expect(reported.string("lastFailure.code") == "pushed_down" && reported.string("lastFailure.message") == "disk full", "\(reported.body)")
    }

    @Test func beforeTheFirstPushTheMonitorWaitsWithinItsWindow() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (id, _) = try await Self.createPushMonitor(host, interval: 1, grace: 30)
        try await Task.sleep(for: .seconds(2.5))
        let waiting = try await Self.status(host, id)
        #expect(waiting.string("status") == "pending", "no verdict before the first push within interval plus grace: \(waiting.body)")
        let results = try await host.request(.GET, "/api/v1/monitors/\(id)/results")
        #expect(results.value("items") == .array([]), "nothing is stored while waiting: \(results.body)")
    }

    @Test func tokensAreRegeneratedAndBadPushesRefused() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (id, old) = try await Self.createPushMonitor(host)
        let regenerated = try await host.request(.POST, "/api/v1/monitors/\(id)/regenerate-key")
        #expect(regenerated.status == 200, "\(regenerated.body)")
        let new = try #require(regenerated.string("pushToken"))
        #expect(new != old)
        #expect(try await host.request(.POST, "/api/v1/push/\(old)", auth: .none).status == 404, "the old token stops working at once")
        #expect(try await host.request(.POST, "/api/v1/push/\(new)", auth: .none).status == 200)
        #expect(try await host.request(.POST, "/api/v1/push/not-a-token", auth: .none).status == 404)

        let badStatus = try await host.request(.POST, "/api/v1/push/\(new)?status=sideways", auth: .none)
        #expect(badStatus.status == 422 && badStatus.body.contains("status"), "\(badStatus.body)")
        let badBody = try await host.request(.POST, "/api/v1/push/\(new)", body: #"{"latencyMs":"fast","colour":1}"#, auth: .none)
        #expect(badBody.status == 422 && badBody.body.contains("latencyMs") && badBody.body.contains("colour"), "\(badBody.body)")

        let tcp = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"port","kind":"tcp","target":"127.0.0.1:9","interval":60}"#)
        let tcpID = try #require(tcp.string("id"))
        #expect(tcp.value("pushToken") == nil)
        let refused = try await host.request(.POST, "/api/v1/monitors/\(tcpID)/regenerate-key")
        #expect(refused.status == 409, "a tcp monitor takes no pushes: \(refused.body)")
        let onAgents = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"x","kind":"push","target":"x","interval":60,"locations":["eu"]}"#)
        #expect(onAgents.status == 422 && onAgents.body.contains("locations"), "\(onAgents.body)")

        #expect(try await host.request(.DELETE, "/api/v1/monitors/\(id)").status == 204)
        #expect(try await host.request(.POST, "/api/v1/push/\(new)", auth: .none).status == 404, "the token went with its monitor")
    }
}
