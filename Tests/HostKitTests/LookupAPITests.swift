import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `POST /api/v1/probes/dns` and `/whois`, DNS monitors, and their 422s, against NSD and the
/// WHOIS/RDAP fixture servers.
struct LookupAPITests {
    @Test func aDNSLookupThroughTheAPI() async throws {
        let nsd = try await NSDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/dns",
                                           body: #"{"target":"example.test","config":{"type":"MX","servers":["\#(nsd.server)"]}}"#)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.string("result.status") == "up")
        #expect(reply.string("result.details.rcode") == "NOERROR")
        #expect(reply.string("result.details.answer.0.data") == "10 mail.example.test.")
        #expect(reply.string("result.details.server") == nsd.server)
    }

    @Test func badDNSInputIsA422NamingTheField() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let type = try await host.request(.POST, "/api/v1/probes/dns", body: #"{"target":"example.test","config":{"type":"AXFR"}}"#)
        #expect(type.status == 422)
        #expect(type.string("errors.0.field") == "config.type")
        #expect(type.value("errors.0.allowedValues")?.arrayValue?.count == 12)
        let server = try await host.request(.POST, "/api/v1/probes/dns", body: #"{"target":"example.test","config":{"servers":["1.2.3.4:99999"]}}"#)
        #expect(server.string("errors.0.field") == "config.servers[0]")
        let name = try await host.request(.POST, "/api/v1/monitors",
                                          body: #"{"name":"x","kind":"dns","target":"a..example","interval":60}"#)
        #expect(name.status == 422)
        #expect(name.string("errors.0.field") == "target")
        let whois = try await host.request(.POST, "/api/v1/probes/whois", body: #"{"target":"example.com","config":{"protocol":"finger"}}"#)
        #expect(whois.string("errors.0.field") == "config.protocol")
    }

    @Test func aDNSMonitorWithExpectedAnswersGoesDownWhenTheyDiffer() async throws {
        let nsd = try await NSDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let good = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"apex","kind":"dns","target":"example.test","interval":1,"timeout":1,
             "config":{"servers":["\(nsd.server)"],"expectAnswers":{"contains":["192.0.2.10"]},"alertOnChange":true}}
            """)
        let goodID = try #require(good.string("id"), "\(good.body)")
        let bad = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"wrong","kind":"dns","target":"example.test","interval":1,"timeout":1,
             "config":{"servers":["\(nsd.server)"],"expectAnswers":{"equals":["192.0.2.99"]}}}
            """)
        let badID = try #require(bad.string("id"), "\(bad.body)")
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(goodID)").string("status") == "up" })
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(badID)").string("status") == "down" })
        let results = try await host.request(.GET, "/api/v1/monitors/\(badID)/results?limit=1")
        #expect(results.string("items.0.result.failure.code") == "answer_mismatch")
    }

    @Test func aWHOISLookupThroughTheAPI() async throws {
        let fixture = try await WHOISFixture.shared()
        let host = try await TestHost.start(rateLimits: [], whoisConfig: .object([
            "whoisServers": .object(["test": .string(fixture.registry)]),
            "rdapBootstrap": .string(fixture.rdapBase + "/bootstrap/"),
        ]))
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/whois", body: #"{"target":"example.test","config":{"protocol":"whois"}}"#)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.string("result.details.registration.registrar") == "Example Registrar, Inc.")
        #expect(reply.string("result.details.registration.abuseEmail") == "abuse@registrar.test")
        let rdap = try await host.request(.POST, "/api/v1/probes/whois", body: #"{"target":"expiring.test"}"#)
        #expect(rdap.string("result.details.protocol") == "rdap")
        #expect(rdap.string("result.status") == "degraded")
        #expect(rdap.string("result.failure.code") == "expiring")
    }
}
