import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// Alert delivery by real `vantage serve` processes: a kill -9 in the middle of retrying
/// loses nothing, and servers sharing PostgreSQL deliver each alert once.
@Suite("alert delivery across restarts and servers", .serialized)
struct AlertDeliveryTests {
    /// A webhook channel to `path` of the receiver and a rule sending every monitor's alerts to it.
    private func channelAndRule(_ servers: PostgresServers, _ server: ServerProcess, token: String, url: String) async throws {
        let channel = try await server.request("POST", "/api/v1/notifications/channels", body: #"{"name":"ops","type":"webhook","settings":{"url":"\#(url)"}}"#, token: token)
        #expect(channel.status == 201, "\(channel.body)")
        guard case .string(let id)? = PostgresServers.field(channel.body, "id") else { throw Executables.Missing(description: "no channel: \(channel.body)") }
        let rule = try await server.request("POST", "/api/v1/alert-rules", body: #"{"name":"all","channels":["\#(id)"]}"#, token: token)
        #expect(rule.status == 201, "\(rule.body)")
    }

    @Test func aKillDuringRetriesStillDeliversAfterTheRestartWithTheSameAlertID() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let servers = PostgresServers()
        defer { servers.remove() }
        let first = try await servers.start(store: nil, serverID: "a")
        let token = try await servers.token(first, register: true)
        // The receiver refuses the first four attempts of each alert.
        try await channelAndRule(servers, first, token: token, url: receiver.url("/flaky/4"))
        _ = try await servers.createMonitor(first, token: token, name: "web", port: Int(try SilentListener.closedPort()))
        #expect(await eventually { receiver.requests(to: "/flaky").count >= 2 })
        await first.kill()
        let before = receiver.requests(to: "/flaky").count
        #expect(before < 5, "killed before the delivery could succeed")
        let second = try await servers.start(store: nil, serverID: "a")
        defer { second.stop() }
        #expect(await eventually { receiver.requests(to: "/flaky").contains { $0.status == 200 } })
        try await Task.sleep(for: .seconds(2))
        let requests = receiver.requests(to: "/flaky")
        #expect(requests.filter { $0.status == 200 }.count == 1, "delivered once")
        #expect(Set(requests.compactMap { $0.headers["x-vantage-alert-id"] }).count == 1, "one alert, the same id before and after the kill")
        #expect(requests.count == 5)
        let history = try await second.request("GET", "/api/v1/notifications/history", token: token)
        #expect(history.body.contains(#""state":"delivered""#), "\(history.body)")
    }

    @Test func serversSharingPostgreSQLDeliverEachAlertOnce() async throws {
        let receiver = try await WebhookReceiverFixture.start()
        let servers = PostgresServers()
        defer { servers.remove() }
        let url = try await PostgresFixture.freshSchemaURL()
        let a = try await servers.start(store: url, serverID: "a", leaseSeconds: 4)
        defer { a.stop() }
        let token = try await servers.token(a, register: true)
        let b = try await servers.start(store: url, serverID: "b", leaseSeconds: 4)
        defer { b.stop() }
        try await channelAndRule(servers, a, token: token, url: receiver.url("/ok"))
        let port = Int(try SilentListener.closedPort())
        for index in 0..<12 { _ = try await servers.createMonitor(a, token: token, name: "m\(index)", port: port) }
        #expect(await eventually(within: 60) { receiver.requests(to: "/ok").count >= 12 })
        try await Task.sleep(for: .seconds(3))
        let requests = receiver.requests(to: "/ok")
        let ids = requests.compactMap { $0.headers["x-vantage-alert-id"] }
        #expect(ids.count == 12 && Set(ids).count == 12, "each of the 12 down alerts once: \(ids.count) requests, \(Set(ids).count) alerts")
        let monitors = Set(requests.compactMap { $0.json?["monitorId"] as? String })
        #expect(monitors.count == 12)
    }
}
