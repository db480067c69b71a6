import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `/api/v1/traces`: one target traced from this server and from SSH hosts at once, against
/// private sshds and the real mtr; history, live events and export.
@Suite("Trace runs over HTTP", .serialized)
struct TraceAPITests {
    /// Server-sent events of a finished stream, as (name, data) pairs.
    static func events(_ body: String) -> [(name: String, data: JSONValue)] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var name: String?, data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            guard let name, let data, let value = try? JSONValue.parse(Data(data.utf8)) else { return nil }
            return (name, value)
        }
    }

    static func addHost(_ host: TestHost, _ server: SSHDFixture, name: String, user: String = "vssh-ed25519", port: Int? = nil,
                        address: String? = nil) async throws -> String {
        let key = String(decoding: try JSONEncoder().encode(try server.privateKey("ed25519")), as: UTF8.self)
        let reply = try await host.request(.POST, "/api/v1/hosts", body: """
            {"name":"\(name)","address":"\(address ?? server.address)","port":\(port ?? server.port),"username":"\(user)","credentials":{"privateKey":\(key)},"location":"loc-\(name)"}
            """)
        return try #require(reply.string("id"), "\(reply.body)")
    }

    @Test("local and three hosts at once: each origin stored as it completes, failures reported per origin, followed live")
    func originsAtOnce() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let good = try await Self.addHost(host, server, name: "good")
        let noMTR = try await Self.addHost(host, server, name: "nomtr", user: "vssh-nomtr")
        let closed = try await Self.addHost(host, server, name: "closed", port: Int(try SilentListener.closedPort()))
        let reply = try await host.request(.POST, "/api/v1/traces", body: """
            {"target":"127.0.0.1","origins":["local","\(good)","\(noMTR)","\(closed)"],"options":{"count":2}}
            """, headers: ["Accept": "text/event-stream"])
        #expect(reply.status == 200 && reply.headers["content-type"] == "text/event-stream", "\(reply.body)")
        let events = Self.events(reply.body)
        #expect(events.first?.name == "run" && events.last?.name == "done", "\(reply.body)")
        let origins = events.filter { $0.name == "origin" }.map(\.data)
        #expect(origins.count == 4)
        func origin(_ key: String) -> JSONValue? { origins.first { $0.objectValue?["origin"] == .string(key) } }
        #expect(origin("local")?.objectValue?["result"]?.objectValue?["status"] == .string("up"), "\(reply.body)")
        #expect(origin(good)?.objectValue?["result"]?.objectValue?["status"] == .string("up"), "\(reply.body)")
        let goodHops = origin(good)?.objectValue?["result"]?.objectValue?["details"]?.objectValue?["hops"]?.arrayValue
        #expect(goodHops?.first?.objectValue?["responders"]?.arrayValue?.first?.objectValue?["address"] == .string("127.0.0.1"))
        #expect(origin(noMTR)?.objectValue?["result"]?.objectValue?["failure"]?.objectValue?["code"] == .string("mtr_not_installed"))
        #expect(origin(closed)?.objectValue?["result"]?.objectValue?["failure"]?.objectValue?["code"] == .string("ssh_connect_failed"))
        #expect(events.contains { $0.name == "progress" }, "hops of the local origin are streamed as they arrive")

        let id = try #require(events.first?.data.objectValue?["id"]?.stringValue)
        let stored = try await host.request(.GET, "/api/v1/traces/\(id)")
        #expect(stored.string("status") == "finished", "\(stored.body)")
        #expect(stored.value("origins")?.arrayValue?.map { $0.objectValue?["name"] } == ["local", "good", "nomtr", "closed"].map { .string($0) })
        let replay = Self.events(try await host.request(.GET, "/api/v1/traces/\(id)/events").body)
        #expect(replay.map(\.name) == ["run", "origin", "origin", "origin", "origin", "done"])
    }

    @Test("a run answers 202 at once, then lists, filters, exports as CSV and JSON, and is scoped to its tenant")
    func historyAndExport() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let good = try await Self.addHost(host, server, name: "fra-1")
        let closed = try await Self.addHost(host, server, name: "down", port: Int(try SilentListener.closedPort()))
        let started = try await host.request(.POST, "/api/v1/traces", body: #"{"target":"127.0.0.1","origins":["\#(good)","\#(closed)"],"options":{"count":1}}"#)
        #expect(started.status == 202, "\(started.body)")
        let id = try #require(started.string("id"))
        #expect(started.headers["location"] == "/api/v1/traces/\(id)")
        #expect(try await eventually(within: 30) { try await host.request(.GET, "/api/v1/traces/\(id)").string("status") == "finished" })
        _ = try await host.request(.POST, "/api/v1/traces", body: #"{"target":"127.0.0.2","origins":["local"],"options":{"count":1}}"#,
                                   headers: ["Accept": "text/event-stream"])

        #expect(try await host.request(.GET, "/api/v1/traces").value("items")?.arrayValue?.count == 2)
        #expect(try await host.request(.GET, "/api/v1/traces?target=127.0.0.1").value("items")?.arrayValue?.count == 1)
        #expect(try await host.request(.GET, "/api/v1/traces?host=\(good)").string("items.0.id") == id)
        #expect(try await host.request(.GET, "/api/v1/traces?host=nope").status == 422)
        #expect(try await host.request(.GET, "/api/v1/traces?from=2999-01-01T00:00:00Z").value("items")?.arrayValue?.isEmpty == true)

        let csv = try await host.request(.GET, "/api/v1/traces/\(id)/export?format=csv")
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.headers["content-disposition"] == "attachment; filename=\"trace-\(id).csv\"")
        let lines = csv.body.components(separatedBy: "\r\n")
        #expect(lines.first == "origin,hop,host,loss_pct,sent,last_ms,avg_ms,best_ms,worst_ms,stddev_ms,location,error")
        #expect(lines.contains { $0.hasPrefix("fra-1,1,127.0.0.1,0.000,1,") && $0.hasSuffix(",loc-fra-1,") }, "\(csv.body)")
        #expect(lines.contains { $0.hasPrefix("down,,,,,,,,,,loc-down,ssh_connect_failed: ") }, "\(csv.body)")
        let json = try await host.request(.GET, "/api/v1/traces/\(id)/export?format=json")
        #expect(json.string("origins.0.hops.0.responders.0.address") == "127.0.0.1", "\(json.body)")
        #expect(json.string("origins.1.failure.code") == "ssh_connect_failed")
        let badFormat = try await host.request(.GET, "/api/v1/traces/\(id)/export?format=xml")
        #expect(badFormat.status == 422 && badFormat.string("errors.0.field") == "format")

        let bob = TestHost.Auth.token(try await host.register("bob"))
        #expect(try await host.request(.GET, "/api/v1/traces/\(id)", auth: bob).status == 404)
        #expect(try await host.request(.GET, "/api/v1/traces/\(id)/export?format=csv", auth: bob).status == 404)
        let foreign = try await host.request(.POST, "/api/v1/traces", body: #"{"target":"127.0.0.1","origins":["\#(good)"]}"#, auth: bob)
        #expect(foreign.status == 422 && foreign.string("errors.0.field") == "origins[0]", "another tenant's host: \(foreign.body)")
        #expect(try await host.request(.DELETE, "/api/v1/traces/\(id)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/traces/\(id)").status == 404)
    }

    @Test("bad requests are a 422 naming the field, and hostile targets run nothing")
    func badRequests() async throws {
        let server = try await SSHDFixture.shared()
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let good = try await Self.addHost(host, server, name: "a")
        let marker = "/tmp/vantage-trace-marker-\(UUID().uuidString)"
        for target in ["1.1.1.1;touch \(marker)", "$(touch \(marker))", "-oProxyCommand=touch \(marker)", "a\ntouch \(marker)", "`touch \(marker)`"] {
            let encoded = String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
            let reply = try await host.request(.POST, "/api/v1/traces", body: #"{"target":\#(encoded),"origins":["local","\#(good)"]}"#)
            #expect(reply.status == 422 && reply.string("errors.0.field") == "target", "\(target): \(reply.body)")
        }
        for (body, field) in [(#"{"target":"127.0.0.1","origins":[]}"#, "origins"),
                              (#"{"target":"127.0.0.1","origins":["local","local"]}"#, "origins[1]"),
                              (#"{"target":"127.0.0.1","origins":["\#(RemoteHostID.random())"]}"#, "origins[0]"),
                              (#"{"target":"127.0.0.1","origins":["elsewhere"]}"#, "origins[0]"),
                              (#"{"target":"127.0.0.1","origins":["local"],"options":{"count":0}}"#, "options.count"),
                              (#"{"target":"127.0.0.1","origins":["local"],"options":{"method":"sctp"}}"#, "options.method"),
                              (#"{"target":"127.0.0.1","origins":["local"],"options":{"colour":1}}"#, "options.colour"),
                              (#"{"target":"127.0.0.1","origins":["\#(good)"],"options":{"port":80}}"#, "options.port"),
                              (#"{"target":"127.0.0.1","origins":["local"],"timeout":0}"#, "timeout")] {
            let reply = try await host.request(.POST, "/api/v1/traces", body: body)
            #expect(reply.status == 422 && reply.string("errors.0.field") == field, "\(body): \(reply.body)")
        }
        #expect(try await host.request(.GET, "/api/v1/traces").value("items")?.arrayValue?.isEmpty == true, "nothing stored")
        #expect(!FileManager.default.fileExists(atPath: marker), "nothing ran")
    }

    @Test("a run cut off by a restart reads interrupted, and its events end with incomplete")
    func interruptedRun() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let tenantText = try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id")
        let tenantID = try #require(tenantText)
        let tenant = try #require(TenantID(tenantID))
        let store = try #require(host.host.services.store as? any TraceStore)
        let run = TraceRun(tenantID: tenant, target: "127.0.0.1", options: .emptyObject, origins: [TraceOrigin(host: nil, name: "local")],
                           createdAt: Date().addingTimeInterval(-3600))
        try await store.traces.create(run)
        #expect(try await host.request(.GET, "/api/v1/traces/\(run.id)").string("status") == "interrupted")
        let events = Self.events(try await host.request(.GET, "/api/v1/traces/\(run.id)/events").body)
        #expect(events.map(\.name) == ["run", "incomplete"])
    }
}
