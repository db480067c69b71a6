import Foundation
import GRDB
import Kernel
import KernelTesting
@testable import StoreSQLite
import Testing

/// How store.sqlite keeps samples: each series' text once, points keyed by series and time
/// (small rows, rollups without an index on time), and the rows of the first schema carried
/// over by the migration.
@Suite("store.sqlite samples")
struct SQLiteSampleSchemaTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sqlite-\(UUID())")

    @Test("a v8 database's samples and rollups read the same after migration v9")
    func migrationCarriesRowsOver() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("db.sqlite").path
        let tenant = TenantID.random()
        let queue = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v8-samples")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO tenants (id, name, created_at) VALUES (?, 't', 0)", arguments: [tenant.description])
            for (index, value) in [10.0, 20].enumerated() {
                try db.execute(sql: "INSERT INTO samples VALUES (?, 'h', 'load_1m', '{}', ?, ?)", arguments: [tenant.description, 1_000 + index, value])
            }
            try db.execute(sql: "INSERT INTO sample_rollups VALUES (?, 'h', 'load_1m', '{}', 60000, 0, 2, 1, 3, 4)", arguments: [tenant.description])
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let raw = try await store.samples.query(SampleQuery(source: "h", from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 10),
                                                            resolution: .raw), tenant: tenant)
        #expect(raw.map(\.avg) == [10, 20])
        let minute = try await store.samples.query(SampleQuery(source: "h", from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 60),
                                                               resolution: .minute), tenant: tenant)
        #expect(minute.map(\.count) == [4] && minute.first?.min == 1 && minute.first?.max == 20, "the bucket and the raw samples fold together")
        let tables = try await DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(!tables.contains("samples") && !tables.contains("sample_rollups"))
    }

    @Test("rollups walk each series' key: no table scan, no index on time alone")
    func rollupsUseTheKey() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        let plan = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN DELETE FROM sample_points WHERE series_id IN (SELECT id FROM sample_series) AND time < 0")
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("sample_points USING PRIMARY KEY (series_id=? AND time<?)"), "\(plan)")
    }

    @Test("a raw sample takes under 48 bytes on disk")
    func rawSamplesAreSmall() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        let store = try SQLiteStore(path: path)
        let tenant = try await Fixtures.tenant(in: store)
        let names = (0..<50).map { "metric_\($0)_bytes" }
        for step in 0..<100 {
            let time = Date(timeIntervalSince1970: 1_700_000_000 + Double(step) * 10)
            try await store.samples.append(names.map { Sample(name: $0, labels: ["device": "vda"], value: Double.random(in: 0...1e9), timestamp: time) },
                                           source: "host", tenant: tenant)
        }
        let bytes = try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name IN ('sample_points', 'sample_series')") ?? 0
        }
        #expect(Double(bytes) / 5_000 < 48, "\(Double(bytes) / 5_000) bytes per sample")
    }
}
