import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// What probes may reach: link-local and cloud metadata refused by default, the per-tenant
/// egress policy set by server administrators, and `caFile` kept to the CA directory.
@Suite("Egress policy and CA files over HTTP", .serialized)
struct EgressAPITests {
    @Test(arguments: [("tcp", "169.254.169.254:80"), ("tcp", "[fe80::1]:80"), ("tcp", "[::ffff:169.254.169.254]:80"),
                      ("http", "http://169.254.169.254/latest/meta-data/"), ("tls", "169.254.169.254:443"),
                      ("icmp", "169.254.169.254"), ("traceroute", "fe80::1")])
    func cloudMetadataAndLinkLocalAreRefusedByDefault(_ kind: String, _ target: String) async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/probes/\(kind)", body: #"{"target":"\#(target)","timeout":1}"#)
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == "target")
        #expect(reply.string("errors.0.message")?.contains("link-local") == true, "\(reply.body)")
        #expect(reply.string("errors.0.message")?.contains("\"allow\"") == true, "says how to allow it: \(reply.body)")
        let monitor = try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"m","kind":"\#(kind)","target":"\#(target)","interval":60}"#)
        #expect(monitor.status == 422, "\(monitor.body)")
    }

    @Test func administratorsSetATenantsPolicyWhichItsProbesAndMonitorsApply() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let tenant = try #require(try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id"))
        let bob = TestHost.Auth.token(try await host.register("bob"))
        let bobTenant = try #require(try await host.request(.GET, "/api/v1/auth/me", auth: bob).string("tenants.0.id"))

        let monitor = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"local","kind":"tcp","target":"localhost:\#(listener.port)","interval":1,"timeout":1}"#)
        let id = try #require(monitor.string("id"), "\(monitor.body)")
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)").string("status") == "up" })

        #expect(try await host.request(.GET, "/api/v1/tenants/\(tenant)/egress").body == "{\"allowed\":[],\"denied\":[]}")
        let refusedToBob = try await host.request(.PUT, "/api/v1/tenants/\(bobTenant)/egress", body: #"{"denied":["10.0.0.0/8"]}"#, auth: bob)
        #expect(refusedToBob.status == 403, "an owner who is not a server administrator: \(refusedToBob.body)")
        let bad = try await host.request(.PUT, "/api/v1/tenants/\(tenant)/egress", body: #"{"denied":["127.0.0.0/8","nope"]}"#)
        #expect(bad.status == 422 && bad.string("errors.0.field") == "denied[1]", "\(bad.body)")
        let unknownKey = try await host.request(.PUT, "/api/v1/tenants/\(tenant)/egress", body: #"{"deny":["127.0.0.0/8"]}"#)
        #expect(unknownKey.status == 422 && unknownKey.string("errors.0.field") == "deny", "\(unknownKey.body)")
        let set = try await host.request(.PUT, "/api/v1/tenants/\(tenant)/egress", body: #"{"denied":["127.0.0.0/8","::1"]}"#)
        #expect(set.status == 200, "\(set.body)")
        #expect(try await host.request(.GET, "/api/v1/tenants/\(tenant)/egress").value("denied") == .array([.string("127.0.0.0/8"), .string("::1/128")]))

        // A literal address is refused when the probe is asked for, a name when it resolves
        // (so DNS rebinding cannot pass), and the running monitor is prepared again at once.
        let literal = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:\#(listener.port)"}"#)
        #expect(literal.status == 422 && literal.string("errors.0.message")?.contains("tenant's egress policy") == true, "\(literal.body)")
        let named = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"localhost:\#(listener.port)"}"#)
        #expect(named.string("result.failure.code") == "refused_by_policy", "\(named.body)")
        #expect(try await eventually(within: 30) {
            try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1").string("items.0.result.failure.code") == "refused_by_policy"
        })

        // Another tenant is not affected; a member reads but does not set their own policy.
        let other = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:\#(listener.port)"}"#,
                                           headers: ["X-Tenant-Id": bobTenant], auth: bob)
        #expect(other.string("result.status") == "up", "\(other.body)")
        #expect(try await host.request(.GET, "/api/v1/tenants/\(bobTenant)/egress", auth: bob).status == 200)
        #expect(try await host.request(.GET, "/api/v1/tenants/\(tenant)/egress", auth: bob).status == 404)

        let cleared = try await host.request(.PUT, "/api/v1/tenants/\(tenant)/egress", body: #"{}"#)
        #expect(cleared.status == 200)
        #expect(try await eventually(within: 30) {
            try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1").string("items.0.result.status") == "up"
        })
    }

    @Test func caFileIsKeptToTheCADirectory() async throws {
        let nginx = try await NginxFixture.shared()
        let host = try await TestHost.start(rateLimits: [], caDirectory: nginx.directory + "/certs")
        defer { Task { await host.stop() } }
        let inside = try await host.request(.POST, "/api/v1/probes/http", body: #"{"target":"\#(nginx.https("/json"))","config":{"caFile":"root.pem"}}"#)
        #expect(inside.string("result.status") == "up", "a name relative to the directory: \(inside.body)")
        var messages: Set<String> = []
        for path in ["/etc/ssl/certs/ca-certificates.crt", "/etc/passwd", "/nonexistent.pem", "../../../../etc/hostname", "root.pem/../../web/nginx.conf"] {
            for kind in ["http", "tls"] {
                let target = kind == "http" ? nginx.https("/json") : "localhost:\(nginx.port(.valid))"
                let reply = try await host.request(.POST, "/api/v1/probes/\(kind)", body: #"{"target":"\#(target)","config":{"caFile":"\#(path)"}}"#)
                #expect(reply.status == 422 && reply.string("errors.0.field") == "config.caFile", "\(kind) \(path): \(reply.body)")
                messages.insert(reply.string("errors.0.message") ?? "")
            }
        }
        #expect(messages.count == 2, "one message per plugin, whatever the file: \(messages)")
        let byDefault = try await TestHost.start(rateLimits: [])
        defer { Task { await byDefault.stop() } }
        let outsideData = try await byDefault.request(.POST, "/api/v1/probes/http", body: #"{"target":"\#(nginx.https("/json"))","config":{"caFile":"\#(nginx.rootCA)"}}"#)
        #expect(outsideData.status == 422, "by default only ca/ in the data directory: \(outsideData.body)")
    }
}
