import FixtureServers
import Foundation
@testable import StorePostgres

/// A fresh schema in the shared test database for each store: the store's tables go there
/// through `search_path`, so tests run side by side without seeing each other's rows.
enum TestDatabase {
    /// Creates an empty schema and returns a URL whose connections use it.
    static func freshSchemaURL() async throws -> String {
        let base = try PostgresFixture.sharedURL()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let connector = try PGConnector(conninfo: base)
        try await Task.detached {
            let connection = try connector.connect()
            try connection.execute("CREATE SCHEMA \(schema)")
        }.value
        return PostgresFixture.url(base, adding: "options", "-c search_path=\(schema)")
    }

    /// A store on a fresh schema, with its own notification channel.
    static func freshStore(poolSize: Int = 4) async throws -> PostgresStore {
        let url = try await freshSchemaURL()
        let channel = "e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return try await PostgresStore(configuration: .init(url: url, poolSize: poolSize, notifyChannel: String(channel)))
    }

    /// Runs SQL on the store's schema with a connection of its own.
    static func execute(_ sql: String, url: String) async throws {
        let connector = try PGConnector(conninfo: url)
        try await Task.detached { _ = try connector.connect().execute(sql) }.value
    }
}
