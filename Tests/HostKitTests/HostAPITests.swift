import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `/api/v1/hosts` against a private sshd: CRUD with sealed credentials, connection tests,
/// host-key pinning and acceptance, and mtr_ssh monitors and one-shot probes through the API.
@Suite("SSH hosts over HTTP", .serialized)
struct HostAPITests {
    static func body(_ server: SSHDFixture, name: String = "origin", user: String = "vssh-ed25519", credentials: String) -> String {
        #"{"name":"\#(name)","address":"\#(server.address)","port":\#(server.port),"username":"\#(user)","credentials":\#(credentials),"location":"Frankfurt","tags":["edge"]}"#
    }

    static func keyCredentials(_ server: SSHDFixture, _ key: String = "ed25519") throws -> String {
        let text = try server.privateKey(key)
        return #"{"privateKey":\#(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))}"#
    }

    @Test("create, read, change and delete a host; its password is sealed at rest and never returned")
    func crudWithSealedSecrets() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/hosts", body: Self.body(server, user: "vssh-password", credentials: #"{"password":"fixture-pass"}"#))
        #expect(created.status == 201, "\(created.body)")
        #expect(created.string("credentials.password") == "(sealed)")
        #expect(!created.body.contains("fixture-pass"))
        let id = try #require(created.string("id"))
        #expect(created.headers["location"] == "/api/v1/hosts/\(id)")
        let store = try #require(host.host.services.store as? any HostStore)
        let stored = try #require(try await store.hosts.listAllTenants(page: PageRequest(limit: 10)).items.first)
        #expect(stored.credentials.objectValue?["password"]?.stringValue?.hasPrefix(SealedSecrets.prefix) == true)

        #expect(try await host.request(.GET, "/api/v1/hosts").value("items")?.arrayValue?.count == 1)
        let patched = try await host.request(.PATCH, "/api/v1/hosts/\(id)", body: #"{"location":"Berlin","paused":true}"#)
        #expect(patched.status == 200, "\(patched.body)")
        #expect(patched.string("location") == "Berlin" && patched.value("paused") == .bool(true))
        let afterPatch = try #require(try await store.hosts.get(stored.id, tenant: stored.tenantID))
        #expect(afterPatch.credentials == stored.credentials, "the sealed password is kept through a patch")
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)").string("credentials.password") == "(sealed)")

        let duplicate = try await host.request(.POST, "/api/v1/hosts", body: Self.body(server, user: "vssh-password", credentials: #"{"password":"x"}"#))
        #expect(duplicate.status == 409, "a second host named origin: \(duplicate.body)")

        let bob = TestHost.Auth.token(try await host.register("bob"))
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)", auth: bob).status == 404, "another tenant's host is not found")
        #expect(try await host.request(.GET, "/api/v1/hosts", auth: bob).value("items")?.arrayValue?.isEmpty == true)

        #expect(try await host.request(.DELETE, "/api/v1/hosts/\(id)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)").status == 404)
    }

    @Test("bad input is a 422 naming the field", arguments: [
        (#""address":"1.1.1.1;touch /tmp/x","username":"u","credentials":{"password":"p"}"#, "address"),
        (#""address":"$(id)","username":"u","credentials":{"password":"p"}"#, "address"),
        (#""address":"-oProxyCommand=x","username":"u","credentials":{"password":"p"}"#, "address"),
        (#""address":"169.254.169.254","username":"u","credentials":{"password":"p"}"#, "address"),
        (#""address":"127.0.0.1","port":0,"username":"u","credentials":{"password":"p"}"#, "port"),
        (#""address":"127.0.0.1","username":"-oops","credentials":{"password":"p"}"#, "username"),
        (#""address":"127.0.0.1","username":"u","credentials":{}"#, "credentials.password"),
        (#""address":"127.0.0.1","username":"u","credentials":{"password":"p","colour":1}"#, "credentials.colour"),
        (#""address":"127.0.0.1","username":"u","credentials":{"privateKey":"not a key"}"#, "credentials.privateKey"),
        (#""address":"127.0.0.1","username":"u","credentials":{"privateKeyFile":"../../etc/shadow"}"#, "credentials.privateKeyFile"),
        (#""address":"127.0.0.1","username":"u","credentials":{"password":"p"},"hostKey":"MD5:aa""#, "hostKey"),
        (#""address":"127.0.0.1","username":"u","credentials":{"password":"p"},"colour":"red""#, "colour"),
    ])
    func badInput(_ fields: String, _ field: String) async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/hosts", body: #"{"name":"h",\#(fields)}"#)
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == field, "\(reply.body)")
        #expect(try await host.request(.GET, "/api/v1/hosts").value("items")?.arrayValue?.isEmpty == true, "nothing half-written")
    }

    @Test("testing a host reports reachability, authentication, the host key and mtr, and pins the key on first use")
    func testPinsTheKeyOnFirstUse() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let id = try #require(try await host.request(.POST, "/api/v1/hosts", body: Self.body(server, credentials: try Self.keyCredentials(server))).string("id"))
        let first = try await host.request(.POST, "/api/v1/hosts/\(id)/test")
        #expect(first.status == 200, "\(first.body)")
        #expect(first.value("reachable") == .bool(true) && first.value("authenticated") == .bool(true), "\(first.body)")
        #expect(first.value("mtrInstalled") == .bool(true))
        #expect(first.string("mtrVersion")?.hasPrefix("0.9") == true, "\(first.body)")
        let fingerprint = try await server.hostFingerprint()
        #expect(first.string("hostKey.fingerprint") == fingerprint)
        #expect(first.value("hostKeyRecorded") == .bool(true) && first.string("pinnedHostKey") == fingerprint)
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)").string("hostKey") == fingerprint)
        let second = try await host.request(.POST, "/api/v1/hosts/\(id)/test")
        #expect(second.value("hostKeyRecorded") == .bool(false) && second.value("authenticated") == .bool(true))
    }

    @Test("a wrong password, a host without mtr and a closed port are reported as such")
    func failuresAreReported() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let failedBefore = server.logLines(containing: "Failed password for vssh-password")
        let wrong = try await host.request(.POST, "/api/v1/hosts/test-connection",
                                           body: Self.body(server, user: "vssh-password", credentials: #"{"password":"wrong"}"#))
        #expect(wrong.status == 200, "\(wrong.body)")
        #expect(wrong.value("reachable") == .bool(true) && wrong.value("authenticated") == .bool(false))
        #expect(wrong.string("error.code") == "ssh_authentication_failed", "\(wrong.body)")
        #expect(!wrong.body.contains("wrong"), "the password is never echoed")
        let failedAfter = await server.logLines(containing: "Failed password for vssh-password", reaching: failedBefore + 1)
        #expect(failedAfter == failedBefore + 1, "one attempt, no retry storm")

        let noMTR = try await host.request(.POST, "/api/v1/hosts/test-connection",
                                           body: Self.body(server, user: "vssh-nomtr", credentials: try Self.keyCredentials(server)))
        #expect(noMTR.value("authenticated") == .bool(true) && noMTR.value("mtrInstalled") == .bool(false), "\(noMTR.body)")

        let closed = try SilentListener.closedPort()
        let refused = try await host.request(.POST, "/api/v1/hosts/test-connection",
                                             body: #"{"address":"127.0.0.1","port":\#(closed),"username":"u","credentials":{"password":"p"}}"#)
        #expect(refused.value("reachable") == .bool(false) && refused.string("error.code") == "ssh_connect_failed", "\(refused.body)")
        #expect(try await host.request(.GET, "/api/v1/hosts").value("items")?.arrayValue?.isEmpty == true, "a connection test stores nothing")
    }

    @Test("a changed host key is refused, naming both keys, until an operator accepts it through the API")
    func changedHostKeyAcceptedThroughTheAPI() async throws {
        let server = try await SSHDFixture.start()
        defer { Task { await server.stop() } }
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let id = try #require(try await host.request(.POST, "/api/v1/hosts", body: Self.body(server, credentials: try Self.keyCredentials(server))).string("id"))
        let old = try await server.hostFingerprint()
        #expect(try await host.request(.POST, "/api/v1/hosts/\(id)/test").string("pinnedHostKey") == old)
        try await server.rekey()
        let new = try await server.hostFingerprint()
        let refused = try await host.request(.POST, "/api/v1/hosts/\(id)/test")
        #expect(refused.string("error.code") == "ssh_host_key_changed", "\(refused.body)")
        #expect(refused.string("error.message")?.contains(old) == true && refused.string("error.message")?.contains(new) == true, "\(refused.body)")
        #expect(refused.string("hostKey.fingerprint") == new && refused.string("pinnedHostKey") == old)
        let bad = try await host.request(.POST, "/api/v1/hosts/\(id)/accept-host-key", body: #"{"fingerprint":"nope"}"#)
        #expect(bad.status == 422 && bad.string("errors.0.field") == "fingerprint", "\(bad.body)")
        let accepted = try await host.request(.POST, "/api/v1/hosts/\(id)/accept-host-key", body: #"{"fingerprint":"\#(new)"}"#)
        #expect(accepted.status == 200 && accepted.string("hostKey") == new, "\(accepted.body)")
        let after = try await host.request(.POST, "/api/v1/hosts/\(id)/test")
        #expect(after.value("authenticated") == .bool(true) && after.value("error") == nil, "\(after.body)")
    }

    @Test("mtr_ssh runs as a one-shot probe and as a monitor from a host; hostile targets are refused and run nothing")
    func mtrOverSSHThroughTheAPI() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let id = try #require(try await host.request(.POST, "/api/v1/hosts", body: Self.body(server, credentials: try Self.keyCredentials(server))).string("id"))
        let config = #"{"host":"\#(id)","count":1,"wait":0.5}"#
        let once = try await host.request(.POST, "/api/v1/probes/mtr_ssh", body: #"{"target":"127.0.0.1","timeout":20,"config":\#(config)}"#)
        #expect(once.string("result.status") == "up", "\(once.body)")
        #expect(once.string("result.details.hops.0.responders.0.address") == "127.0.0.1", "\(once.body)")
        #expect(once.string("result.details.origin.location") == "Frankfurt")

        let monitor = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"path","kind":"mtr_ssh","target":"127.0.0.1","interval":60,"timeout":20,"config":\#(config)}"#)
        let monitorID = try #require(monitor.string("id"), "\(monitor.body)")
        #expect(try await eventually(within: 30) { try await host.request(.GET, "/api/v1/monitors/\(monitorID)").string("status") == "up" })

        let marker = "/tmp/vantage-mtr-ssh-marker-\(UUID().uuidString)"
        for target in ["1.1.1.1;touch \(marker)", "$(touch \(marker))", "-oProxyCommand=touch \(marker)", "x\ntouch \(marker)", "'; touch \(marker); '"] {
            let encoded = String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
            let probe = try await host.request(.POST, "/api/v1/probes/mtr_ssh", body: #"{"target":\#(encoded),"config":\#(config)}"#)
            #expect(probe.status == 422 && probe.string("errors.0.field") == "target", "\(target): \(probe.body)")
            let created = try await host.request(.POST, "/api/v1/monitors",
                                                 body: #"{"name":"x","kind":"mtr_ssh","target":\#(encoded),"interval":60,"timeout":20,"config":\#(config)}"#)
            #expect(created.status == 422 && created.string("errors.0.field") == "target", "\(created.body)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "nothing ran")
    }
}
