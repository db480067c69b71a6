import FixtureServers
import Foundation
import Kernel
import KernelTesting
import StorePostgres
import Testing

@Suite("store.postgres specifics")
struct PostgresStoreTests {
    @Test func refusesADatabaseOfANewerSchemaNamingWhatToDo() async throws {
        let url = try await PostgresFixture.freshSchemaURL()
        let store = try await PostgresStore(configuration: .init(url: url))
        await store.close()
        // The newest version this build writes, read from the database it just migrated.
        let supported = try await PostgresFixture.psql(url, "SELECT max(version) FROM vantage_schema_migrations")
        try await PostgresFixture.psql(url, "INSERT INTO vantage_schema_migrations (version) VALUES (99)")
        let error = await #expect(throws: StoreError.self) { try await PostgresStore(configuration: .init(url: url)) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.contains("schema version 99"), "\(message)")
        #expect(message.contains("newer Vantage"), "\(message)")
        #expect(!supported.isEmpty && message.contains("supports up to \(supported)"), "\(message)")
    }

    @Test func startUpErrorsSayWhatIsWrongWithoutThePassword() async throws {
        let base = URLComponents(string: try PostgresFixture.sharedURL())!
        var wrong = base
        wrong.password = "not-the-Secret-42"
        await expectStartUpError(wrong.string!, mentions: ["password authentication failed", "PGPASSWORD"], hiding: "not-the-Secret-42")
        var unreachable = base
        unreachable.port = 1
        unreachable.password = "Unreachable-Secret-7"
        await expectStartUpError(unreachable.string!, mentions: ["port 1", "Connection refused", "running"], hiding: "Unreachable-Secret-7")
        await expectStartUpError("postgresql://vantage:Bad%zzSecret@127.0.0.1/vantage", mentions: ["malformed", "percent-encoded"], hiding: "zzSecret")
        await expectStartUpError("host=127.0.0.1 password=KvSecret9 nonsense", mentions: ["malformed"], hiding: "KvSecret9")
        var missing = base
        missing.path = "/no_such_database"
        await expectStartUpError(missing.string!, mentions: ["no_such_database", "does not exist", "createdb"], hiding: base.password ?? "-")
    }

    private func expectStartUpError(_ url: String, mentions: [String], hiding secret: String) async {
        do {
            let store = try await PostgresStore(configuration: .init(url: url, connectTimeoutSeconds: 3))
            await store.close()
            Issue.record("started with \(url)")
        } catch {
            let message = "\(error)"
            for part in mentions { #expect(message.contains(part), "'\(part)' missing from: \(message)") }
            #expect(!message.contains(secret), "the secret leaked: \(message)")
        }
    }

    @Test func serversStartingTogetherMigrateOnce() async throws {
        let url = try await PostgresFixture.freshSchemaURL()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(configuration: .init(url: url, poolSize: 2)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for store in stores { await store.close() }
        // One row per migration: each applied once, whatever the number of migrations.
        #expect(try await PostgresFixture.psql(url, "SELECT count(*) = max(version) FROM vantage_schema_migrations") == "t")
    }

    @Test func aSmallPoolServesManyConcurrentCalls() async throws {
        // The URL's own application_name wins over Vantage's default: it tells this pool apart.
        let name = "pool-\(UUID().uuidString.prefix(8))"
        let url = PostgresFixture.url(try await PostgresFixture.freshSchemaURL(), adding: "application_name", name)
        let store = try await PostgresStore(configuration: .init(url: url, poolSize: 2))
        let tenant = try await Fixtures.tenant(in: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try await store.monitors.create(Fixtures.monitor(tenant: tenant, name: "m\(index)"), tenant: tenant)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.monitors.listAllTenantsForScheduling().count == 64)
        let connections = try await PostgresFixture.psql(url, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(name)'")
        #expect(Int(connections) == 2 + 1, "two pooled connections and psql's own: \(connections)")
        await store.close()
    }

    @Test func resultTextWithTabsNewlinesBackslashesAndNULRoundTrips() async throws {
        let store = try await TestDatabase.freshStore()
        let tenant = try await Fixtures.tenant(in: store)
        let awkward = "tab\there\nnew line\\backslash \\N \u{0}nul \"quoted\" ünïcødé"
        var record = Fixtures.record(tenant: tenant, monitor: nil, at: 5, status: .down)
        record.target = awkward
        record.result.failure = ProbeFailure(code: "odd", message: awkward)
        record.result.details = .object(["text": .string(awkward), "list": .array([.number(1.5), .null])])
        try await store.results.append([record])
        let stored = try await store.results.list(tenant: tenant, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items
        let cleaned = awkward.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
        #expect(stored.first?.target == cleaned)
        #expect(stored.first?.result.failure?.message == cleaned)
        #expect(stored.first?.result.details == .object(["text": .string(cleaned), "list": .array([.number(1.5), .null])]))
        await store.close()
    }

    @Test func theSampleConfigurationDecodes() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Plugins/Stores/Postgres/sample.json")
        let entry = try JSONValue.parse(Data(contentsOf: sample))
        #expect(entry.objectValue?["plugin"] == .string("store.postgres"))
        let configuration = try StrictDecoder.decode(PostgresStore.Configuration.self, from: entry.objectValue?["config"] ?? .null)
        #expect(configuration.poolSize == 8)
        #expect(configuration.url.hasPrefix("postgresql://"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PostgresStore.Configuration.self, from: Data(#"{"notifyChannel":"Bad-Name"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PostgresStore.Configuration.self, from: Data(#"{"poolSize":0}"#.utf8)) }
    }
}

@Suite("store.postgres across a server restart", .enabled(if: PostgresFixture.canStartClusters, Comment(rawValue: PostgresFixture.clusterRequirement)))
struct PostgresRestartTests {
    @Test func reportsUnavailableWhileDownThenReconnectsAndListensAgain() async throws {
        let server = try await PostgresFixture.start()
        let store = try await PostgresStore(configuration: .init(url: server.url, poolSize: 2, notifyChannel: TestDatabase.channel()))
        let tenant = try await Fixtures.tenant(in: store)
        try await store.results.append([Fixtures.record(tenant: tenant, monitor: nil, at: 1)])
        let events = store.eventRelay.receive()

        try await server.stop()
        do {
            try await store.checkHealth()
            Issue.record("healthy while the server is down")
        } catch let error as StoreError {
            guard case .unavailable = error else { Issue.record("\(error)"); return }
        }
        await #expect(throws: StoreError.self) { try await store.results.append([Fixtures.record(tenant: tenant, monitor: nil, at: 2)]) }

        try await server.restart()
        try await store.checkHealth()
        try await store.results.append([Fixtures.record(tenant: tenant, monitor: nil, at: 3)])
        let stored = try await store.results.list(tenant: tenant, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items
        #expect(stored.count == 2, "the write refused while down is the writer's to retry; the others are stored")

        // The LISTEN connection comes back by itself.
        let event = Event(tenantID: tenant, MonitorDeleted(monitorID: .random()), origin: "elsewhere")
        let sender = Task {
            for _ in 0..<80 where !Task.isCancelled {
                try? await store.eventRelay.send(event)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        let arrived = await firstElement(of: events, within: 8) { $0.id == event.id }
        sender.cancel()
        #expect(arrived == event)
        await store.close()
        try await server.remove()
    }
}

@Suite("store.postgres connection strings", .serialized,
       .enabled(if: PostgresFixture.canStartClusters, Comment(rawValue: PostgresFixture.clusterRequirement)))
struct PostgresConnectionStringTests {
    /// One cluster for the suite's tests (an initdb is seconds of CPU that the rest of the
    /// suite, running beside it, would miss); removed when the test process exits.
    private static let cluster = Task { try await PostgresFixture.start() }

    /// libpq's own features pass through: a first host that refuses, then the real one
    /// chosen by `target_session_attrs`, and the password read from a passfile. Runs on a
    /// cluster of its own, whose role and password it knows, whatever server
    /// `VANTAGE_TEST_POSTGRES_URL` names.
    @Test func severalHostsAndAPassfileWork() async throws {
        let cluster = try await Self.cluster.value
        let base = URLComponents(string: cluster.url)!
        let passfile = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID())").path
        defer { unlink(passfile) }
        try "127.0.0.1:\(base.port!):vantage:vantage:\(base.password!)\n".write(toFile: passfile, atomically: true, encoding: .utf8)
        chmod(passfile, 0o600)
        let url = "postgresql://vantage@127.0.0.1:1,127.0.0.1:\(base.port!)/vantage?target_session_attrs=read-write&passfile=\(passfile)"
        let store = try await PostgresStore(configuration: .init(url: url))
        #expect(store.location.contains("host=127.0.0.1,127.0.0.1"), "\(store.location)")
        #expect(!store.location.contains(base.password!))
        try await store.checkHealth()
        await store.close()
    }

    /// TLS as the URL asks: verify-full against the server's certificate works and the
    /// session is encrypted; a root that did not sign it fails, saying what to check. Runs on
    /// a cluster of its own, which offers TLS with a certificate for 127.0.0.1.
    @Test func tlsIsVerifiedAsTheURLAsks() async throws {
        let cluster = try await Self.cluster.value
        let ca = cluster.directory + "/server.crt"
        let name = "tls-\(UUID().uuidString.prefix(8))"
        let base = cluster.url
        let verified = PostgresFixture.url(PostgresFixture.url(PostgresFixture.url(base, adding: "sslmode", "verify-full"),
                                                               adding: "sslrootcert", ca), adding: "application_name", name)
        let store = try await PostgresStore(configuration: .init(url: verified, poolSize: 1))
        try await store.checkHealth()
        let encrypted = try await PostgresFixture.psql(base, """
            SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a ON a.pid = s.pid WHERE a.application_name = '\(name)'
            """)
        #expect(encrypted == "t", "pg_stat_ssl: \(encrypted)")
        await store.close()

        let wrongRoot = PostgresFixture.url(PostgresFixture.url(base, adding: "sslmode", "verify-full"),
                                            adding: "sslrootcert", "/etc/ssl/certs/ca-certificates.crt")
        do {
            let refused = try await PostgresStore(configuration: .init(url: wrongRoot))
            await refused.close()
            Issue.record("connected with a root that did not sign the server's certificate")
        } catch {
            #expect("\(error)".contains("certificate verify failed") && "\(error)".contains("sslrootcert"), "\(error)")
        }
    }
}
