import FixtureServers
import Foundation
import StorePostgres

/// Stores on fresh schemas of the shared test database.
enum TestDatabase {
    /// A store on a fresh schema, with a notification channel of its own.
    static func freshStore(poolSize: Int = 4) async throws -> PostgresStore {
        let url = try await PostgresFixture.freshSchemaURL()
        return try await PostgresStore(configuration: .init(url: url, poolSize: poolSize, notifyChannel: channel()))
    }

    /// A notification channel no other test uses.
    static func channel() -> String {
        "e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }
}
