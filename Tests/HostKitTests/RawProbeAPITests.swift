import Foundation
import Kernel
import KernelTesting
import Testing

/// ICMP monitors through the scheduler, one-shot ping/traceroute/mtr through the API, and the
/// live stream of a trace, against real loopback packets.
struct RawProbeAPITests {
    @Test func anICMPMonitorRunsAndDegradesAboveItsLatencyThreshold() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"loopback","kind":"icmp","target":"127.0.0.1","interval":1,"timeout":1,"config":{"count":2,"interval":0.01}}"#)
        let id = try #require(created.string("id"), "\(created.body)")
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)").string("status") == "up" })
        let results = try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1")
        #expect(results.value("items.0.result.details.received") == .number(2))
        #expect(results.value("items.0.result.metrics.loss_ratio") == .number(0))

        let slow = try await host.request(.POST, "/api/v1/monitors",
                                          body: #"{"name":"strict","kind":"ping","target":"::1","interval":1,"timeout":1,"config":{"count":1,"degradedLatency":1e-9}}"#)
        let slowID = try #require(slow.string("id"), "\(slow.body)")
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(slowID)").string("status") == "degraded" })
    }

    @Test func oneShotPingUnderItsAlias() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/ping", body: #"{"target":"127.0.0.1","config":{"count":3,"interval":0.01}}"#)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.string("result.status") == "up")
        #expect(reply.value("result.details.sent") == .number(3))
        let mtr = try await host.request(.POST, "/api/v1/probes/mtr", body: #"{"target":"127.0.0.1","config":{"count":3,"interval":0.01}}"#)
        #expect(mtr.value("result.details.report.hubs.0.Snt") == .number(3), "\(mtr.body)")
        #expect(mtr.string("result.details.report.hubs.0.host") == "127.0.0.1")
    }

    @Test func aTraceCanBeFollowedLiveAsServerSentEvents() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/traceroute", body: #"{"target":"127.0.0.1","config":{"method":"udp"}}"#,
                                           headers: ["Accept": "text/event-stream"])
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/event-stream")
        let events = reply.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.first?.hasPrefix("event: hop\ndata: ") == true, "\(reply.body)")
        #expect(events.first?.contains(#""address":"127.0.0.1""#) == true)
        let last = try #require(events.last)
        #expect(last.hasPrefix("event: result\ndata: "))
        let record = try JSONValue.parse(Data(last.dropFirst("event: result\ndata: ".count).utf8))
        #expect(record.objectValue?["kind"] == .string("traceroute"))
        // The streamed run is kept in the probe history like any other.
        let history = try await host.request(.GET, "/api/v1/probes/history")
        #expect(history.string("items.0.kind") == "traceroute")
    }

    @Test(arguments: [
        (#"{"target":"224.0.0.1"}"#, "target"),
        (#"{"target":"127.0.0.1","config":{"count":0}}"#, "config.count"),
        (#"{"target":"127.0.0.1","config":{"ttl":300}}"#, "config.ttl"),
        (#"{"target":"127.0.0.1","config":{"source":"not-an-address"}}"#, "config.source"),
        (#"{"target":"127.0.0.1","config":{"colour":"red"}}"#, "config.colour"),
    ])
    func badPingInputIs422NamingTheField(body: String, field: String) async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/ping", body: body)
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == field, "\(reply.body)")
    }
}
