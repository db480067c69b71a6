import FixtureServers
import HostKit
import Foundation
import Kernel
import KernelTesting
import Testing

/// The enrichment stage in a running server: the hops of a real loopback trace carry what
/// enricher.geoip knows, a replaced database changes the answers without a restart, and
/// /health/ready says why there are none without a database.
struct GeoIPEnrichmentTests {
    static func loopback(_ countryCode: String, _ country: String, _ city: String) -> GeoIPFixture.Network {
        .city("127.0.0.0/8", countryCode: countryCode, country: country, city: city, latitude: 50.1, longitude: 8.68)
    }

    @Test func traceHopsCarryCountryCityAndASNAndFollowAReplacedDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.loopback("DE", "Germany", "Frankfurt")], to: directory + "/GeoLite2-City.mmdb")
        try await GeoIPFixture.write("GeoLite2-ASN", networks: [.asn("127.0.0.0/8", number: 64_501, organization: "Loopback Networks")],
                                     to: directory + "/GeoLite2-ASN.mmdb")
        let host = try await TestHost.start(rateLimits: [], geoipConfig: .object(["directory": .string(directory), "reloadIntervalSeconds": .number(0.2)]))
        defer { Task { await host.stop() } }
        let ready = try await host.request(.GET, "/health/ready")
        #expect(ready.status == 200 && ready.value("checks")?.objectValue?["enricher.geoip"] == .string("ok"),
                "\(ready.body)")

        let trace = try await host.request(.POST, "/api/v1/probes/traceroute", body: #"{"target":"127.0.0.1","config":{"method":"udp"}}"#)
        #expect(trace.status == 200, "\(trace.body)")
        #expect(trace.string("result.details.hops.0.responders.0.address") == "127.0.0.1")
        #expect(trace.string("result.details.hops.0.responders.0.geo.countryCode") == "DE", "\(trace.body)")
        #expect(trace.string("result.details.hops.0.responders.0.geo.city") == "Frankfurt")
        #expect(trace.value("result.details.hops.0.responders.0.geo.asn") == .number(64_501))
        #expect(trace.string("result.details.hops.0.responders.0.geo.organization") == "Loopback Networks")
        let mtr = try await host.request(.POST, "/api/v1/probes/mtr", body: #"{"target":"127.0.0.1","config":{"count":2,"interval":0.01}}"#)
        #expect(mtr.string("result.details.hops.0.responders.0.geo.countryCode") == "DE", "\(mtr.body)")

        try await GeoIPFixture.write("GeoLite2-City", networks: [Self.loopback("AT", "Austria", "Vienna")], to: directory + "/GeoLite2-City.mmdb")
        #expect(try await eventually {
            let again = try await host.request(.POST, "/api/v1/probes/traceroute", body: #"{"target":"127.0.0.1","config":{"method":"udp"}}"#)
            return again.string("result.details.hops.0.responders.0.geo.city") == "Vienna"
        }, "the replaced file answers without a restart")
    }

    @Test func theHopsOfAnAgentsTraceAreAnnotatedByTheServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await GeoIPFixture.write("GeoLite2-City", networks: [.city("198.51.100.0/24", countryCode: "NL", country: "Netherlands",
                                                                       city: "Amsterdam", latitude: 52.37, longitude: 4.9)],
                                     to: directory + "/GeoLite2-City.mmdb")
        let host = try await TestHost.start(rateLimits: [], agents: AgentSettings(heartbeatSeconds: 0.2, offlineAfterSeconds: 5),
                                            agentSecret: AgentAPITests.secret, geoipConfig: .object(["directory": .string(directory)]))
        defer { Task { await host.stop() } }
        let agent = try await AgentResultsTests.approvedAgent(host, labels: ["eu"])
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"path","kind":"traceroute","target":"198.51.100.9","interval":60,"timeout":5,"locations":["eu"]}
            """)
        let monitor = try #require(created.string("id"), "\(created.body)")
        let hops = #"{"hops":[{"ttl":1,"responders":[{"address":"198.51.100.1"}],"sent":3,"received":3,"lossPercent":0}]}"#
        try await AgentResultsTests.deliver(host, agent: agent, monitor: monitor, status: "up", sequence: 1, details: hops)
        let stored = try await host.request(.GET, "/api/v1/monitors/\(monitor)/results?limit=1")
        #expect(stored.string("items.0.result.details.hops.0.responders.0.geo.city") == "Amsterdam", "\(stored.body)")
        #expect(stored.string("items.0.location") == agent.id)
    }

    @Test func withoutADatabaseTheServerIsReadyAndSaysWhy() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let ready = try await host.request(.GET, "/health/ready")
        #expect(ready.status == 200)
        let reason = try #require(ready.value("checks")?.objectValue?["enricher.geoip"]?.stringValue, "\(ready.body)")
        #expect(reason.contains("no GeoIP database in \(host.directory.path)/geoip"), "\(reason)")
        let trace = try await host.request(.POST, "/api/v1/probes/traceroute", body: #"{"target":"127.0.0.1","config":{"method":"udp"}}"#)
        #expect(trace.string("result.details.hops.0.responders.0.address") == "127.0.0.1")
        #expect(trace.value("result.details.hops.0.responders.0.geo") == nil, "no geo fields, and nothing else missing")
    }
}
