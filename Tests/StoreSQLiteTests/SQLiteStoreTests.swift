import Foundation
import GRDB
import Kernel
import KernelTesting
import StoreSQLite
import Testing

@Suite("store.sqlite specifics")
struct SQLiteStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sqlite-\(UUID())")

    @Test func dataSurvivesReopening() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        let tenant: TenantID
        let monitor: Monitor
        do {
            let store = try SQLiteStore(path: path)
            tenant = try await Fixtures.tenant(in: store)
            monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
        }
        let reopened = try SQLiteStore(path: path)
        #expect(Fixtures.same(try await reopened.monitors.get(monitor.id, tenant: tenant), monitor))
    }

    @Test func usesWriteAheadLogging() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        let mode = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func refusesADatabaseOfANewerSchema() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        // Every migration this build knows is applied; one from a newer build is added.
        let supported = try await DatabaseQueue(path: path).write { db in
            let applied = try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            return applied
        }
        #expect(throws: StoreError.incompatibleSchema(found: supported + 1, supported: supported)) { try SQLiteStore(path: path) }
    }

    @Test func sampleConfigurationDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Stores/SQLite/sample.json").standardized
        let sample = try JSONValue.parse(Data(contentsOf: url))
        #expect(sample.objectValue?["plugin"] == .string("store.sqlite"))
        let configuration = try StrictDecoder.decode(SQLiteStore.Configuration.self, from: sample.objectValue?["config"] ?? .null)
        #expect(configuration.path == "vantage.sqlite")
    }

    @Test func configurationRejectsUnknownKeysAndBadValues() throws {
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(SQLiteStore.Configuration.self, from: .object(["paht": .string("x")]))
        }
        #expect(throws: ConfigurationError.self) {
            try StrictDecoder.decode(SQLiteStore.Configuration.self, from: .object(["busyTimeoutMilliseconds": .number(-1)]))
        }
    }
}

@Suite("store.sqlite retention")
struct SQLiteRetentionTests {
    @Test func prunesMoreThanOneBatch() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sqlite-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("db.sqlite").path)
        let tenant = try await Fixtures.tenant(in: store)
        try await store.results.append((0..<25_000).map { Fixtures.record(tenant: tenant, monitor: nil, at: Double($0) * 0.001) })
        try await store.results.append([Fixtures.record(tenant: tenant, monitor: nil, at: 1_000)])
        #expect(try await store.results.pruneAllTenants(olderThan: Fixtures.time(100)) == 25_000)
        #expect(try await store.results.list(tenant: tenant, scope: .adHoc, from: nil, to: nil, page: PageRequest()).items.count == 1)
    }
}
