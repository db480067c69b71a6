import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Synchronization
import Testing

/// Hosts' metrics over HTTP against a private sshd: a host collected on its own interval,
/// its system facts, history, latest reading and processes read back; the server going away
/// raises `host.offline` and coming back `host.online`; pausing stops collection.
@Suite("Host metrics over HTTP", .serialized)
struct HostMetricsAPITests {
    /// Events of the bus, gathered as they come.
    final class Recorder: Sendable {
        private let events = Mutex<[Event]>([])

        func append(_ event: Event) { events.withLock { $0.append(event) } }
        func count(_ name: String) -> Int { events.withLock { $0.filter { $0.name == name }.count } }
        func last(_ name: String) -> Event? { events.withLock { $0.last { $0.name == name } } }
    }

    /// Asks `reply` every 100 ms for up to `seconds` until `done` holds; returns the last reply.
    static func poll(seconds: Double = 20, _ ask: () async throws -> TestHost.Reply,
                     until done: (TestHost.Reply) -> Bool) async throws -> TestHost.Reply {
        let end = ContinuousClock.now + .seconds(seconds)
        var reply = try await ask()
        while !done(reply), ContinuousClock.now < end {
            try await Task.sleep(for: .milliseconds(100))
            reply = try await ask()
        }
        return reply
    }

    static func waitFor(seconds: Double = 20, _ condition: () -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + .seconds(seconds)
        while !condition(), ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(100)) }
        return condition()
    }

    static func points(_ reply: TestHost.Reply) -> Int {
        reply.value("series")?.arrayValue?.first?.objectValue?["points"]?.arrayValue?.count ?? 0
    }

    @Test("a host is collected on its own interval; system, history, latest, processes; offline and online again; pause and delete")
    func collectedOverSSH() async throws {
        let server = try await SSHDFixture.start()
        let host = try await TestHost.start(rateLimits: [], collection: CollectionSettings(defaultInterval: 10, rollupIntervalSeconds: 3600))
        defer { Task { await host.stop() } }
        let recorder = Recorder()
        let stream = host.host.services.events.subscribe(EventFilter(topics: [HostWentOffline.eventName, HostCameOnline.eventName]))
        let listening = Task { for await event in stream { recorder.append(event) } }
        defer { listening.cancel() }
        let credentials = try HostAPITests.keyCredentials(server), fingerprint = try await server.hostFingerprint()
        let body = #"{"name":"metrics","address":"\#(server.address)","port":\#(server.port),"username":"vssh-ed25519","credentials":\#(credentials),"hostKey":"\#(fingerprint)","collectionInterval":1}"#
        let created = try await host.request(.POST, "/api/v1/hosts", body: body)
        #expect(created.status == 201, "\(created.body)")
        #expect(created.value("collectionInterval") == .number(1) && created.value("collectionPaused") == .bool(false))
        let id = try #require(created.string("id"))
        let hostStore = try #require(host.host.services.store as? any HostStore)
        let tenant = try #require(try await hostStore.hosts.listAllTenants(page: PageRequest(limit: 1)).items.first?.tenantID)

        let system = try await Self.poll({ try await host.request(.GET, "/api/v1/hosts/\(id)/system") }) {
            $0.string("collection.status") == "online" && $0.string("system.kernel") != nil
        }
        let kernel = try String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(system.string("system.kernel") == kernel, "\(system.body)")
        #expect(system.value("collection.interval") == .number(1) && system.value("collection.collected") == .bool(true))
        let list = try await host.request(.GET, "/api/v1/hosts/collection")
        let item = list.value("items")?.arrayValue?.first?.objectValue
        #expect(item?["hostID"]?.stringValue == id && item?["collection"]?.objectValue?["status"]?.stringValue == "online", "\(list.body)")

        let raw = try await Self.poll({ try await host.request(.GET, "/api/v1/hosts/\(id)/metrics?names=memory_total_bytes&step=raw") }) {
            Self.points($0) >= 3
        }
        #expect(raw.string("resolution") == "raw" && Self.points(raw) >= 3, "\(raw.body)")
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let totalKiB = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") }?.split(separator: " ").dropFirst().first.flatMap { Double($0) })
        let stored = raw.value("series")?.arrayValue?.first?.objectValue?["points"]?.arrayValue?.first?.objectValue?["value"]?.numberValue
        #expect(stored == totalKiB * 1024, "memory_total_bytes as /proc/meminfo says")
        let chosen = try await host.request(.GET, "/api/v1/hosts/\(id)/metrics?names=cpu_busy_percent,load_1m")
        #expect(chosen.status == 200 && chosen.string("resolution") == "minute", "an hour of 1-second samples is read per minute: \(chosen.body)")
        #expect(Set(chosen.value("series")?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []) == ["cpu_busy_percent", "load_1m"])

        let latest = try await host.request(.GET, "/api/v1/hosts/\(id)/metrics/latest")
        #expect(latest.value("samples")?.arrayValue?.contains { $0.objectValue?["name"]?.stringValue == "memory_used_percent" } == true)
        let processes = try await host.request(.GET, "/api/v1/hosts/\(id)/processes?sort=memory&limit=5")
        let rss = processes.value("processes")?.arrayValue?.compactMap { $0.objectValue?["residentBytes"]?.numberValue } ?? []
        #expect(rss.count == 5 && rss == rss.sorted(by: >), "\(processes.body.prefix(500))")
        #expect((processes.value("total")?.numberValue ?? 0) > 10)

        for (query, field) in [("processes?sort=size", "sort"), ("processes?limit=0", "limit"), ("metrics?step=0", "step"),
                               ("metrics?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z", "from"), ("metrics?names=a,,b", "names")] {
            let refused = try await host.request(.GET, "/api/v1/hosts/\(id)/\(query)")
            #expect(refused.status == 422 && refused.body.contains(field), "\(query): \(refused.status) \(refused.body)")
        }
        let exposition = try await host.request(.GET, "/metrics")
        #expect(exposition.body.contains(#"vantage_host_collections_total{outcome="success"}"#) && exposition.body.contains("vantage_collection_hosts 1"))

        // The server goes away: host.offline with the reason, then back on the same port: host.online.
        let back = try await server.restarted {
            #expect(try await Self.waitFor { recorder.count(HostWentOffline.eventName) == 1 }, "host.offline raised")
            let offline = try await host.request(.GET, "/api/v1/hosts/\(id)/system")
            #expect(offline.string("collection.status") == "offline" && offline.string("collection.error.code")?.hasPrefix("ssh_") == true,
                    "\(offline.body)")
        }
        defer { Task { await back.stop() } }
        #expect(try await Self.waitFor { recorder.count(HostCameOnline.eventName) == 1 }, "host.online raised")
        #expect(recorder.last(HostWentOffline.eventName)?.payload(as: HostWentOffline.self)?.name == "metrics")
        #expect(recorder.count(HostWentOffline.eventName) == 1, "one outage, one event")

        let paused = try await host.request(.POST, "/api/v1/hosts/\(id)/collection/pause")
        #expect(paused.status == 200 && paused.value("collectionPaused") == .bool(true))
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)/system").string("collection.status") == "paused")
        try await Task.sleep(for: .milliseconds(500))
        let before = Self.points(try await host.request(.GET, "/api/v1/hosts/\(id)/metrics?names=memory_total_bytes&step=raw"))
        try await Task.sleep(for: .seconds(2.5))
        let after = Self.points(try await host.request(.GET, "/api/v1/hosts/\(id)/metrics?names=memory_total_bytes&step=raw"))
        #expect(after == before, "no collection while paused: \(before) → \(after)")
        #expect(try await host.request(.POST, "/api/v1/hosts/\(id)/collection/resume").value("collectionPaused") == .bool(false))
        let resumed = try await Self.poll({ try await host.request(.GET, "/api/v1/hosts/\(id)/metrics?names=memory_total_bytes&step=raw") }) {
            Self.points($0) > after
        }
        #expect(Self.points(resumed) > after, "collected again once resumed")

        let whole = try await host.request(.POST, "/api/v1/hosts/\(id)/pause")
        #expect(whole.status == 200 && whole.value("paused") == .bool(true) && whole.value("collectionPaused") == .bool(false))
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)/system").string("collection.status") == "paused")
        #expect(try await host.request(.POST, "/api/v1/hosts/\(id)/resume").value("paused") == .bool(false))

        let bob = TestHost.Auth.token(try await host.register("bob"))
        #expect(try await host.request(.GET, "/api/v1/hosts/\(id)/system", auth: bob).status == 404, "another tenant's host is not found")
        #expect(try await host.request(.DELETE, "/api/v1/hosts/\(id)").status == 204)
        let store = try #require(host.host.services.store as? any SampleStore)
        #expect(try await store.samples.latest(source: id, tenant: tenant).isEmpty, "a deleted host's samples go with it")
    }
}
