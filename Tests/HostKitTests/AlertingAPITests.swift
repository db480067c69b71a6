import FixtureServers
import Foundation
@testable import HostKit
import Kernel
import KernelTesting
import NIOCore
import NIOPosix
import Testing

/// Alerting end to end in one server: channels, rules and maintenance over the API, monitors
/// changing state for real (a TCP port refused, then listened on), and a real webhook
/// receiver that verifies signatures, fails on purpose or never answers.
@Suite("alerting over the API")
struct AlertingAPITests {
    static let secret = "correct-horse-battery-staple"
    /// Quick retries and polls, so the tests take seconds.
    static let alerting = AlertingSettings(retryBaseSeconds: 0.2, deliveryTimeoutSeconds: 2, pollSeconds: 0.5)

    /// A channel to `path` of the receiver and a rule sending every monitor's down and
    /// resolved alerts to it; returns the channel's id.
    private func channelAndRule(_ host: TestHost, _ receiver: WebhookReceiverFixture, path: String, flapping: String = "") async throws -> String {
        let channel = try await host.request(.POST, "/api/v1/notifications/channels",
                                             body: #"{"name":"ops","type":"webhook","settings":{"url":"\#(receiver.url(path))","secret":"\#(Self.secret)"}}"#)
        #expect(channel.status == 201)
        let id = try #require(channel.string("id"))
        let rule = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"all","channels":["\#(id)"]\#(flapping)}"#)
        #expect(rule.status == 201, "\(rule.body)")
        return id
    }

    private func monitor(_ host: TestHost, port: UInt16) async throws -> String {
        let created = try await host.request(.POST, "/api/v1/monitors", body: #"""
            {"name":"web","kind":"tcp","target":"127.0.0.1:\#(port)","interval":1,"timeout":0.5,"failureThreshold":1,"recoveryThreshold":1}
            """#)
        return try #require(created.string("id"))
    }

    private static func listen(on port: UInt16) throws -> any Channel {
        try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: Int(port)).wait()
    }

    @Test func aMonitorGoingDownThenUpDeliversDownThenResolvedOnceEachSigned() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        _ = try await channelAndRule(host, receiver, path: "/verify/\(Self.secret)")
        let port = try SilentListener.closedPort()
        let monitorID = try await monitor(host, port: port)
        #expect(await eventually { receiver.requests(to: "/verify").contains { $0.json?["event"] as? String == "down" } })
        let listener = try Self.listen(on: port)
        defer { _ = listener.close() }
        #expect(await eventually { receiver.requests(to: "/verify").contains { $0.json?["event"] as? String == "up" } })
        try await Task.sleep(for: .seconds(2))
        let requests = receiver.requests(to: "/verify")
        #expect(requests.map { $0.json?["event"] as? String } == ["down", "up"], "once each, in order")
        #expect(requests.allSatisfy { $0.status == 200 }, "the receiver verified every signature")
        #expect(requests.map { $0.json?["kind"] as? String } == ["triggered", "resolved"])
        #expect(requests.allSatisfy { $0.json?["monitorId"] as? String == monitorID })
        #expect(Set(requests.compactMap { $0.headers["x-vantage-alert-id"] }).count == 2)
        let history = try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)")
        #expect(history.value("items")?.arrayValue?.count == 2)
        #expect(history.string("items.0.alert.kind") == "resolved")
        #expect(history.string("items.0.deliveries.0.state") == "delivered")
        #expect(history.value("items.0.deliveries.0.attempts.0.status") == .number(200))
        #expect(history.string("items.1.alert.kind") == "triggered")
    }

    @Test func aReceiverFailingTwiceGetsTheAlertOnTheThirdAttemptWithTheSameID() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        _ = try await channelAndRule(host, receiver, path: "/flaky/2")
        let monitorID = try await monitor(host, port: try SilentListener.closedPort())
        #expect(await eventually { receiver.requests(to: "/flaky").count >= 3 })
        let requests = receiver.requests(to: "/flaky")
        #expect(requests.map(\.status) == [503, 503, 200])
        #expect(Set(requests.compactMap { $0.headers["x-vantage-alert-id"] }).count == 1, "one alert, retried")
        #expect(try await eventually {
            try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)").string("items.0.deliveries.0.state") == "delivered"
        })
        let history = try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)")
        let attempts = history.value("items.0.deliveries.0.attempts")?.arrayValue ?? []
        #expect(attempts.map { $0.objectValue?["status"] } == [.number(503), .number(503), .number(200)])
        #expect(attempts.map { $0.objectValue?["delivered"] } == [.bool(false), .bool(false), .bool(true)])
    }

    @Test func aReceiverThatNeverAnswersDelaysNoCheck() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        _ = try await channelAndRule(host, receiver, path: "/silent")
        let monitorID = try await monitor(host, port: try SilentListener.closedPort())
        #expect(await eventually { !receiver.requests(to: "/silent").isEmpty })
        // While deliveries hang (2 s each, retried), the monitor's checks keep their 1 s grid.
        let since = Date()
        try await Task.sleep(for: .seconds(5))
        let results = try await host.request(.GET, "/api/v1/monitors/\(monitorID)/results?limit=100")
        let starts = (results.value("items")?.arrayValue ?? []).compactMap { $0.objectValue?["startedAt"]?.stringValue.flatMap(APIEncoding.parseDate) }
            .filter { $0 > since }.sorted()
        #expect(starts.count >= 4, "checks ran during the hanging deliveries: \(starts.count)")
        let gaps = zip(starts.dropFirst(), starts).map { $0.timeIntervalSince($1) }
        #expect(gaps.allSatisfy { $0 < 1.6 }, "gaps between checks: \(gaps)")
        let history = try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)")
        #expect(history.string("items.0.deliveries.0.attempts.0.detail")?.contains("no answer") == true)
        // The delivery still waits for a retry, and /metrics says so.
        let metrics = try await host.request(.GET, "/metrics").body
        let pending = metrics.split(separator: "\n").first { $0.hasPrefix("vantage_alert_deliveries_pending ") }
        #expect(pending.flatMap { Double($0.split(separator: " ").last ?? "") } == 1, "\(pending ?? "no gauge")")
    }

    @Test func aMaintenanceWindowHoldsAlertsBackAndTheHistoryShowsIt() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        _ = try await channelAndRule(host, receiver, path: "/ok")
        let start = APIEncoding.dateText(Date().addingTimeInterval(-3600)), end = APIEncoding.dateText(Date().addingTimeInterval(3600))
        let window = try await host.request(.POST, "/api/v1/maintenance", body: #"{"name":"upgrade","schedule":{"start":"\#(start)","end":"\#(end)"}}"#)
        #expect(window.status == 201, "\(window.body)")
        #expect(window.value("activeNow") == .bool(true))
        let monitorID = try await monitor(host, port: try SilentListener.closedPort())
        #expect(try await eventually {
            try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)").string("items.0.suppressed") == "maintenance: upgrade"
        })
        let history = try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)")
        #expect(history.string("items.0.deliveries.0.state") == "suppressed")
        try await Task.sleep(for: .seconds(1))
        #expect(receiver.requests().isEmpty, "nothing was sent")
        let recurring = try await host.request(.POST, "/api/v1/maintenance",
                                               body: #"{"name":"sundays","schedule":{"rrule":"FREQ=WEEKLY;BYDAY=SU;BYHOUR=2","durationMinutes":60,"timeZone":"Europe/Berlin"}}"#)
        #expect(recurring.status == 201)
        let bad = try await host.request(.POST, "/api/v1/maintenance", body: #"{"name":"x","schedule":{"time":"25:00","durationMinutes":60}}"#)
        #expect(bad.status == 422)
        #expect(bad.string("errors.0.field") == "schedule.time")
        let zone = try await host.request(.POST, "/api/v1/maintenance", body: #"{"name":"y","schedule":{"time":"02:00","durationMinutes":60,"timeZone":"Mars/Olympus"}}"#)
        #expect(zone.string("errors.0.field") == "schedule.timeZone")
    }

    @Test func aRuleByTagAlertsForTheTaggedMonitorOnly() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        let channel = try await host.request(.POST, "/api/v1/notifications/channels", body: #"{"name":"ops","type":"webhook","settings":{"url":"\#(receiver.url("/tagged"))"}}"#)
        let channelID = try #require(channel.string("id"))
        let rule = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"prod","monitors":{"tags":["prod"]},"channels":["\#(channelID)"]}"#)
        #expect(rule.status == 201, "\(rule.body)")
        let port = try SilentListener.closedPort()
        func create(_ name: String, tags: String) async throws -> TestHost.Reply {
            try await host.request(.POST, "/api/v1/monitors", body: #"""
                {"name":"\#(name)","kind":"tcp","target":"127.0.0.1:\#(port)","interval":1,"timeout":0.5,"tags":\#(tags)}
                """#)
        }
        let prod = try await create("api", tags: #"["prod","team:payments","prod"]"#)
        #expect(prod.status == 201, "\(prod.body)")
        #expect(prod.value("tags") == .array([.string("prod"), .string("team:payments")]), "repeats dropped")
        let staging = try await create("api-staging", tags: #"["staging"]"#)
        #expect(staging.status == 201)
        let bad = try await create("x", tags: #"["has space"]"#)
        #expect(bad.status == 422)
        #expect(bad.string("errors.0.field") == "tags")
        let badRule = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"b","monitors":{"tags":[""]},"channels":["\#(channelID)"]}"#)
        #expect(badRule.string("errors.0.field") == "monitors.tags")
        #expect(await eventually { !receiver.requests(to: "/tagged").isEmpty })
        try await Task.sleep(for: .seconds(2))
        let requests = receiver.requests(to: "/tagged")
        #expect(requests.map { $0.json?["monitor"] as? String } == ["api"], "only the tagged monitor: \(requests.map(\.body))")
        #expect(requests.first?.json?["tags"] as? [String] == ["prod", "team:payments"])
    }

    @Test func resultsTakenDuringMaintenanceAreMarkedCountedApartAndLeftOutOfUptime() async throws {
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        let monitorID = try await monitor(host, port: try SilentListener.closedPort())
        #expect(try await eventually {
            try await host.request(.GET, "/api/v1/monitors/\(monitorID)/uptime").value("24h.down")?.numberValue ?? 0 >= 1
        })
        let start = APIEncoding.dateText(Date().addingTimeInterval(-60)), end = APIEncoding.dateText(Date().addingTimeInterval(3600))
        let window = try await host.request(.POST, "/api/v1/maintenance",
                                            body: #"{"name":"upgrade","monitors":{"ids":["\#(monitorID)"]},"schedule":{"start":"\#(start)","end":"\#(end)"}}"#)
        #expect(window.status == 201, "\(window.body)")
        // The calendar is reloaded when a window is saved: the next checks are marked.
        #expect(try await eventually {
            try await host.request(.GET, "/api/v1/monitors/\(monitorID)/uptime").value("24h.maintenance")?.numberValue ?? 0 >= 3
        })
        let results = try await host.request(.GET, "/api/v1/monitors/\(monitorID)/results?limit=100")
        let marks = (results.value("items")?.arrayValue ?? []).compactMap { $0.objectValue?["maintenance"]?.boolValue }
        #expect(marks.first == true && marks.contains(false), "results during and before the window, newest first: \(marks)")
        let outside = Double(marks.filter { !$0 }.count)
        let uptime = try await host.request(.GET, "/api/v1/monitors/\(monitorID)/uptime")
        let down = uptime.value("24h.down")?.numberValue ?? -1, checks = uptime.value("24h.checks")?.numberValue ?? -1
        let inMaintenance = uptime.value("24h.maintenance")?.numberValue ?? 0
        #expect(checks == down, "every check outside the window was down: \(uptime.body)")
        #expect(down == outside, "only results outside the window count: \(uptime.body), \(marks)")
        #expect(uptime.value("24h.ratio") == .number(0))
        let history = try await host.request(.GET, "/api/v1/monitors/\(monitorID)/history?hours=1")
        let buckets = history.value("buckets")?.arrayValue ?? []
        let maintenanceInBuckets = buckets.compactMap { $0.objectValue?["maintenance"]?.numberValue }.reduce(0, +)
        #expect(maintenanceInBuckets >= inMaintenance, "the status bar shows maintenance: \(history.body)")
    }

    @Test func aLatencyThresholdForTwoRunsIsReportedOnceFromTheStoredResults() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        let port = try SilentListener.closedPort()
        let listener = try Self.listen(on: port)
        defer { _ = listener.close() }
        _ = try await channelAndRule(host, receiver, path: "/verify/\(Self.secret)", flapping: #","triggers":["latency>0ms for 2 runs","latency>5s"]"#)
        let monitorID = try await monitor(host, port: port)
        #expect(await eventually { !receiver.requests(to: "/verify").isEmpty })
        try await Task.sleep(for: .seconds(3))
        let requests = receiver.requests(to: "/verify")
        #expect(requests.count == 1, "one breach, one alert; the 5 s threshold is never breached")
        let body = try #require(requests.first?.json)
        #expect(body["kind"] as? String == "triggered")
        #expect(body["monitorId"] as? String == monitorID)
        #expect((body["title"] as? String)?.hasPrefix("web: latency above 0 ms") == true, "\(body)")
        #expect((body["details"] as? String)?.contains("(latency>0ms for 2 runs)") == true)
        let details = try #require(body["data"] as? [String: Any])
        #expect(details["threshold"] as? String == "latency>0ms for 2 runs")
        #expect((details["values"] as? [Double])?.count == 2)
        let history = try await host.request(.GET, "/api/v1/notifications/history?monitor=\(monitorID)")
        #expect(history.value("items")?.arrayValue?.count == 1)
        let channels = try await host.request(.GET, "/api/v1/notifications/channels")
        let channel = try #require(channels.string("items.0.id"))
        let bad = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"bad","channels":["\#(channel)"],"triggers":["down","latency>500"]}"#)
        #expect(bad.status == 422)
        #expect(bad.string("errors.0.field") == "triggers[1]", "\(bad.body)")
        #expect(bad.string("errors.0.message")?.contains("latency>500ms for 3 runs") == true, "\(bad.body)")
    }

    @Test func channelsAreCheckedSealedTestedToggledAndKeptToTheirTenant() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let host = try await TestHost.start(alerting: Self.alerting)
        defer { Task { await host.stop() } }
        let unknown = try await host.request(.POST, "/api/v1/notifications/channels", body: #"{"name":"x","type":"pager","settings":{}}"#)
        #expect(unknown.status == 422)
        #expect(unknown.string("errors.0.field") == "type")
        #expect(unknown.value("errors.0.allowedValues")?.arrayValue?.contains(.string("webhook")) == true)
        let badURL = try await host.request(.POST, "/api/v1/notifications/channels", body: #"{"name":"x","type":"webhook","settings":{"url":"gopher://h"}}"#)
        #expect(badURL.string("errors.0.field") == "settings.url")
        let created = try await host.request(.POST, "/api/v1/notifications/channels",
                                             body: #"{"name":"ops","type":"webhook","settings":{"url":"\#(receiver.url("/verify/\(Self.secret)"))","secret":"\#(Self.secret)"}}"#)
        let id = try #require(created.string("id"))
        #expect(created.string("settings.secret") == SealedSecrets.placeholder)
        #expect(!created.body.contains(#""secret":"\#(Self.secret)""#))
        #expect(try await host.request(.POST, "/api/v1/notifications/channels", body: #"{"name":"ops","type":"slack","settings":{"webhookURL":"https://h/x"}}"#).status == 409)
        // A patch that leaves the secret out keeps it: the test still verifies.
        let renamed = try await host.request(.PATCH, "/api/v1/notifications/channels/\(id)", body: #"{"name":"on-call"}"#)
        #expect(renamed.string("name") == "on-call")
        let tested = try await host.request(.POST, "/api/v1/notifications/channels/\(id)/test")
        #expect(tested.value("delivered") == .bool(true), "\(tested.body)")
        #expect(tested.value("status") == .number(200))
        #expect(receiver.requests(to: "/verify").first?.json?["kind"] as? String == "test")
        let history = try await host.request(.GET, "/api/v1/notifications/history")
        #expect(history.string("items.0.alert.kind") == "test")
        #expect(try await host.request(.POST, "/api/v1/notifications/channels/\(id)/toggle").value("enabled") == .bool(false))
        let badRule = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"r","channels":["\#(UUID().uuidString)"]}"#)
        #expect(badRule.string("errors.0.field") == "channels[0]")
        let badTrigger = try await host.request(.POST, "/api/v1/alert-rules", body: #"{"name":"r","channels":["\#(id)"],"triggers":["exploded"]}"#)
        #expect(badTrigger.status == 422)
        let rule = try await host.request(.POST, "/api/v1/alert-rules",
                                          body: #"{"name":"r","channels":["\#(id)"],"triggers":["down","tls.certificate_expiring"],"reminderMinutes":30,"flapping":{"changes":4,"minutes":10}}"#)
        #expect(rule.status == 201, "\(rule.body)")
        #expect(rule.value("triggers") == .array(["down", "tls.certificate_expiring"]))
        // Another tenant sees none of it.
        let other = TestHost.Auth.token(try await host.register("mallory"))
        #expect(try await host.request(.GET, "/api/v1/notifications/channels/\(id)", auth: other).status == 404)
        #expect(try await host.request(.GET, "/api/v1/notifications/history", auth: other).value("items") == .array([]))
        #expect(try await host.request(.DELETE, "/api/v1/notifications/channels/\(id)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/notifications/channels/\(id)").status == 404)
    }
}
