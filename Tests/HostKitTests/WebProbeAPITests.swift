import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `POST /api/v1/probes/http` and `/tls`, HTTP and TLS monitors, their 422s, sealed secrets
/// and the certificate event, against the nginx fixture.
struct WebProbeAPITests {
    @Test func httpAndTLSProbesThroughTheAPI() async throws {
        let nginx = try await NginxFixture.shared()
        let host = try await TestHost.start(rateLimits: [], caDirectory: nginx.directory + "/certs")
        defer { Task { await host.stop() } }
        let http = try await host.request(.POST, "/api/v1/probes/http", body: """
            {"target":"\(nginx.https("/json"))","config":{"caFile":"\(nginx.rootCA)","json":[{"path":"$.status","equals":"up"}]}}
            """)
        #expect(http.status == 200, "\(http.body)")
        #expect(http.string("result.status") == "up")
        #expect(http.value("result.details.statusCode")?.numberValue == 200)
        #expect(http.value("result.details.timings.tls")?.numberValue.map { $0 > 0 } == true)
        let tls = try await host.request(.POST, "/api/v1/probes/tls", body: #"{"target":"localhost:\#(nginx.port(.expired))","config":{"caFile":"\#(nginx.rootCA)"}}"#)
        #expect(tls.string("result.status") == "down")
        #expect(tls.string("result.failure.code") == "certificate_expired")
        #expect(tls.string("result.details.certificate.chain.0.subject") == "O=Vantage Tests,CN=expired.test")
    }

    @Test("bad HTTP monitors are a 422 naming the field, and nothing is written", arguments: [
        (#"{"name":"a","kind":"http","target":"http//missing-colon","interval":60}"#, "target"),
        (#"{"name":"a","kind":"http","target":"ftp://example.net/","interval":60}"#, "target"),
        (#"{"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"bodyRegex":"(a"}}"#, "config.bodyRegex"),
        (#"{"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"json":[{"path":"status","exists":true}]}}"#, "config.json[0].path"),
        (#"{"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"headers":{"X-A":"1\r\nX-B: 2"}}}"#, "config.headers.X-A"),
        (#"{"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"expectStatus":["20x"]}}"#, "config.expectStatus"),
        (#"{"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"bearerToken":"(sealed)"}}"#, "config.bearerToken"),
        (#"{"name":"a","kind":"tls","target":"example.net:443","interval":60,"config":{"startTLS":"pop3"}}"#, "config.startTLS"),
    ])
    func badMonitors(_ body: String, _ field: String) async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/monitors", body: body)
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == field, "\(reply.body)")
        #expect(try await host.request(.GET, "/api/v1/monitors").value("items")?.arrayValue?.isEmpty == true)
    }

    @Test func aRequestBodyOverOneMebibyteIsA422() async throws {
        let host = try await TestHost.start(maxBodyBytes: 4 << 20, rateLimits: [])
        defer { Task { await host.stop() } }
        let big = String(repeating: "x", count: (1 << 20) + 1)
        let reply = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"a","kind":"http","target":"http://example.net/","interval":60,"config":{"method":"POST","body":"\(big)"}}
            """)
        #expect(reply.status == 422)
        #expect(reply.string("errors.0.field") == "config.body")
    }

    @Test func secretsAreSealedAtRestNeverReturnedAndStillUsed() async throws {
        let nginx = try await NginxFixture.shared()
        let host = try await TestHost.start(rateLimits: [], caDirectory: nginx.directory + "/certs")
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"basic","kind":"http","target":"\(nginx.http("/basic"))","interval":1,"timeout":1,
             "config":{"basicAuth":{"username":"vantage","password":"fixture-pass"},"secretHeaders":{"X-Api-Key":"key-123456"}}}
            """)
        #expect(created.status == 201, "\(created.body)")
        let id = try #require(created.string("id"))
        #expect(created.string("config.basicAuth.password") == "(sealed)")
        #expect(created.string("config.secretHeaders.X-Api-Key") == "(sealed)")
        #expect(created.string("config.basicAuth.username") == "vantage")
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)").string("status") == "up" },
                "the sealed password is opened for the probe")
        // A PATCH that does not touch the secret, and a PUT that sends the placeholder back, keep it.
        let patched = try await host.request(.PATCH, "/api/v1/monitors/\(id)", body: #"{"name":"renamed"}"#)
        #expect(patched.status == 200, "\(patched.body)")
        let replaced = try await host.request(.PUT, "/api/v1/monitors/\(id)", body: """
            {"name":"basic","kind":"http","target":"\(nginx.http("/basic"))","interval":1,"timeout":1,
             "config":{"basicAuth":{"username":"vantage","password":"(sealed)"},"secretHeaders":{"X-Api-Key":"(sealed)"}}}
            """)
        #expect(replaced.status == 200, "\(replaced.body)")
        #expect(replaced.string("config.basicAuth.password") == "(sealed)")
        // At rest: sealed text in the database (main file and write-ahead log), no plaintext.
        var stored = Data()
        for file in ["vantage.sqlite", "vantage.sqlite-wal"] {
            stored += (try? Data(contentsOf: host.directory.appendingPathComponent(file))) ?? Data()
        }
        #expect(stored.range(of: Data(SealedSecrets.prefix.utf8)) != nil)
        #expect(stored.range(of: Data("fixture-pass".utf8)) == nil && stored.range(of: Data("key-123456".utf8)) == nil)
        for path in ["/api/v1/monitors", "/api/v1/monitors/\(id)", "/api/v1/monitors/\(id)/results"] {
            let body = try await host.request(.GET, path).body
            #expect(!body.contains("fixture-pass") && !body.contains(SealedSecrets.prefix), "\(path)")
        }
        let keyFile = host.directory.appendingPathComponent("secret.key").path
        let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try await eventually {
            try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1").string("items.0.result.status") == "up"
        }, "still authenticating after the PATCH and PUT")
    }

    @Test func aCertificateEnteringTheWarningWindowRaisesOneEvent() async throws {
        let nginx = try await NginxFixture.shared()
        let host = try await TestHost.start(rateLimits: [], caDirectory: nginx.directory + "/certs")
        defer { Task { await host.stop() } }
        let events = host.host.services.events.subscribe()
        let created = try await host.request(.POST, "/api/v1/monitors", body: """
            {"name":"expiring","kind":"tls","target":"localhost:\(nginx.port(.expiring))","interval":1,"timeout":1,
             "config":{"caFile":"\(nginx.rootCA)"}}
            """)
        let id = try #require(created.string("id"), "\(created.body)")
        #expect(try await eventually(within: 30) {
            let page = try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=10")
            return (page.value("items")?.arrayValue?.count ?? 0) >= 3
        })
        let collector = Task {
            var expiring = 0
            for await event in events {
                if event.name == "tls.certificate_expiring" { expiring += 1 }
            }
            return expiring
        }
        try await Task.sleep(for: .milliseconds(300))
        collector.cancel()
        #expect(await collector.value == 1, "three runs in the window, one event")
    }
}
