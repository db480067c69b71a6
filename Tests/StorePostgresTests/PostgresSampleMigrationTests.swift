import FixtureServers
import Foundation
import Kernel
@testable import StorePostgres
import Testing

/// Migration 8 of store.postgres: a database whose samples were kept by migration 7 (the
/// series' text in every row) reads the same with one row per series and keyed points.
@Suite("store.postgres sample migration")
struct PostgresSampleMigrationTests {
    @Test("samples and rollups of migration 7 read the same after migration 8")
    func migrationCarriesRowsOver() async throws {
        let url = try await PostgresFixture.freshSchemaURL()
        var script = "CREATE TABLE vantage_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
        for (index, migration) in PostgresSchema.migrations.prefix(7).enumerated() {
            script += migration + ";\nINSERT INTO vantage_schema_migrations (version) VALUES (\(index + 1));\n"
        }
        let tenant = TenantID.random()
        script += """
            INSERT INTO tenants (id, name, created_at) VALUES ('\(tenant)', 't', now());
            INSERT INTO samples VALUES ('\(tenant)', 'h', 'load_1m', '{}', 1000, 10), ('\(tenant)', 'h', 'load_1m', '{}', 1001, 20);
            INSERT INTO sample_rollups VALUES ('\(tenant)', 'h', 'load_1m', '{}', 60000, 0, 2, 1, 3, 4);
            """
        _ = try await PostgresFixture.psql(url, script)
        let store = try await PostgresStore(configuration: .init(url: url))
        let raw = try await store.samples.query(SampleQuery(source: "h", from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 10),
                                                            resolution: .raw), tenant: tenant)
        #expect(raw.map(\.avg) == [10, 20])
        let minute = try await store.samples.query(SampleQuery(source: "h", from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 60),
                                                               resolution: .minute), tenant: tenant)
        #expect(minute.map(\.count) == [4] && minute.first?.min == 1 && minute.first?.max == 20, "the bucket and the raw samples fold together")
        await store.close()
        let left = try await PostgresFixture.psql(url, "SELECT count(*) FROM pg_tables WHERE tablename IN ('samples', 'sample_rollups') AND schemaname = current_schema()")
        #expect(left == "0")
    }
}
