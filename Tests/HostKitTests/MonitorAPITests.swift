import Foundation
import HostKit
import Kernel
import KernelTesting
import Testing

@Suite("Monitors API over HTTP", .serialized)
struct MonitorAPITests {
    let body = #"{"name":"web","kind":"tcp","target":"127.0.0.1:9","interval":60,"timeout":2,"config":{"family":"ipv4"}}"#

    @Test func createReadUpdatePauseAndDelete() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors", body: body)
        #expect(created.status == 201)
        let id = try #require(created.string("id"))
        #expect(created.headers["location"] == "/api/v1/monitors/\(id)")
        #expect(created.string("status") == "pending")
        #expect(created.value("timeout") == .number(2))

        let read = try await host.request(.GET, "/api/v1/monitors/\(id)")
        #expect(read.status == 200 && read.string("name") == "web")

        let replaced = try await host.request(.PUT, "/api/v1/monitors/\(id)", body: #"{"name":"api","kind":"tcp","target":"[::1]:443","interval":30}"#)
        #expect(replaced.status == 200)
        #expect(replaced.string("target") == "[::1]:443")
        #expect(replaced.value("config") == .object([:]))

        let patched = try await host.request(.PATCH, "/api/v1/monitors/\(id)", body: #"{"interval":120,"failureThreshold":3,"config":{"degradedAfter":1}}"#)
        #expect(patched.value("config") == .object(["degradedAfter": .number(1)]))
        let merged = try await host.request(.PATCH, "/api/v1/monitors/\(id)", body: #"{"config":{"family":"ipv6"}}"#)
        #expect(merged.value("config") == .object(["degradedAfter": .number(1), "family": .string("ipv6")]), "config merges (RFC 7386)")
        let removed = try await host.request(.PATCH, "/api/v1/monitors/\(id)", body: #"{"config":{"degradedAfter":null}}"#)
        #expect(removed.value("config") == .object(["family": .string("ipv6")]), "null removes a key")
        #expect(try await host.request(.PATCH, "/api/v1/monitors/\(id)", body: #"{"interval":-1}"#).string("errors.0.field") == "interval")
        #expect(patched.value("interval") == .number(120))
        #expect(patched.string("name") == "api", "PATCH keeps other fields")
        #expect(patched.value("failureThreshold") == .number(3))

        #expect(try await host.request(.POST, "/api/v1/monitors/\(id)/pause").string("status") == "paused")
        #expect(try await host.request(.POST, "/api/v1/monitors/\(id)/resume").value("paused") == .bool(false))

        #expect(try await host.request(.DELETE, "/api/v1/monitors/\(id)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/monitors/\(id)").status == 404)
        #expect(try await host.request(.DELETE, "/api/v1/monitors/\(id)").status == 404)
    }

    @Test(arguments: [
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":"60"}"#, 422, "interval"),
        (#"{"name":"a","kind":"gopher","target":"x:1","interval":60}"#, 422, "kind"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":0}"#, 422, "interval"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":100000}"#, 422, "interval"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":10,"timeout":20}"#, 422, "timeout"),
        (#"{"name":"a","kind":"tcp","target":"x","interval":10}"#, 422, "target"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":10,"config":{"family":"ipv5"}}"#, 422, "config.family"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":10,"config":{"port":1}}"#, 422, "config.port"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":10,"colour":"red"}"#, 422, "colour"),
        (#"{"name":"","kind":"tcp","target":"x:1","interval":10}"#, 422, "name"),
        (#"{"kind":"tcp","target":"x:1","interval":10}"#, 422, "name"),
        (#"{"name":"a","kind":"tcp","target":"x:1","interval":10,"failureThreshold":0}"#, 422, "failureThreshold"),
        (#"{"name":"a""#, 400, ""),
        (#"[1,2]"#, 400, ""),
    ])
    func badInputIsRefusedNamingTheFieldAndNothingIsWritten(_ input: String, _ status: Int, _ field: String) async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/monitors", body: input)
        #expect(reply.status == status)
        #expect(reply.headers["content-type"] == "application/problem+json")
        #expect(reply.value("status") == .number(Double(status)))
        if !field.isEmpty {
            var fields: [JSONValue] = []
            if case .array(let items)? = reply.value("errors") { fields = items.compactMap { $0.objectValue?["field"] } }
            #expect(fields.contains(.string(field)), "problem names \(field): \(reply.body)")
        }
        let list = try await host.request(.GET, "/api/v1/monitors")
        #expect(list.value("items") == .array([]), "no half-written monitor")
    }

    @Test func oversizedBodiesAre413() async throws {
        let host = try await TestHost.start(maxBodyBytes: 1024)
        defer { Task { await host.stop() } }
        let big = #"{"name":"\#(String(repeating: "a", count: 4000))","kind":"tcp","target":"x:1","interval":10}"#
        let reply = try await host.request(.POST, "/api/v1/monitors", body: big)
        #expect(reply.status == 413)
        #expect(reply.headers["content-type"] == "application/problem+json")
    }

    @Test func unknownAndMalformedIdsAre404() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        for path in ["/api/v1/monitors/\(UUID())", "/api/v1/monitors/not-a-uuid", "/api/v1/monitors/\(UUID())/results",
                     "/api/v1/monitors/\(UUID())/history", "/api/v1/monitors/\(UUID())/uptime"] {
            let reply = try await host.request(.GET, path)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.headers["content-type"] == "application/problem+json")
        }
        #expect(try await host.request(.PUT, "/api/v1/monitors/\(UUID())", body: body).status == 404)
        #expect(try await host.request(.POST, "/api/v1/monitors/\(UUID())/pause").status == 404)
        #expect(try await host.request(.GET, "/no/such/route").status == 404)
    }

    @Test func listsArePaginated() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        for index in 0..<5 {
            try await host.request(.POST, "/api/v1/monitors", body: #"{"name":"m\#(index)","kind":"tcp","target":"x:1","interval":60}"#)
        }
        var names: [String] = []
        var path = "/api/v1/monitors?limit=2"
        for _ in 0..<5 {
            let page = try await host.request(.GET, path)
            if case .array(let items)? = page.value("items") { names += items.compactMap { if case .string(let n)? = $0.objectValue?["name"] { n } else { nil } } }
            guard let cursor = page.string("nextCursor") else { break }
            path = "/api/v1/monitors?limit=2&cursor=\(cursor)"
        }
        #expect(names == ["m0", "m1", "m2", "m3", "m4"])
        #expect(try await host.request(.GET, "/api/v1/monitors?limit=0").status == 422)
        #expect(try await host.request(.GET, "/api/v1/monitors?limit=5000").string("errors.0.field") == "limit")
    }

    @Test func aMonitorRunsAndItsResultsHistoryAndUptimeAreServed() async throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let created = try await host.request(.POST, "/api/v1/monitors",
                                             body: #"{"name":"local","kind":"tcp","target":"127.0.0.1:\#(listener.port)","interval":1,"timeout":0.5}"#)
        let id = try #require(created.string("id"))
        #expect(try await eventually { try await host.request(.GET, "/api/v1/monitors/\(id)").string("status") == "up" })
        #expect(try await eventually {
            if case .array(let items)? = try await host.request(.GET, "/api/v1/monitors/\(id)/results").value("items") { return items.count >= 2 }
            return false
        })
        let results = try await host.request(.GET, "/api/v1/monitors/\(id)/results?limit=1")
        #expect(results.string("items.0.result.status") == "up")
        #expect(results.string("items.0.monitorID") == id)
        #expect(results.string("nextCursor") != nil)
        let history = try await host.request(.GET, "/api/v1/monitors/\(id)/history")
        if case .array(let buckets)? = history.value("buckets") {
            #expect(buckets.count == 72)
            #expect(buckets.last?.objectValue?["up"] != .number(0) || buckets.dropLast().last?.objectValue?["up"] != .number(0))
        } else {
            Issue.record("no buckets: \(history.body)")
        }
        let uptime = try await host.request(.GET, "/api/v1/monitors/\(id)/uptime")
        #expect(uptime.value("24h.ratio") == .number(1))
        #expect(try await host.request(.GET, "/api/v1/monitors/\(id)/history?hours=0").status == 422)
        #expect(try await host.request(.GET, "/api/v1/monitors/\(id)/results?from=yesterday").string("errors.0.field") == "from")
    }
}
