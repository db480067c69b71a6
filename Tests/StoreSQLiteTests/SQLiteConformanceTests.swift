import Foundation
import Kernel
import KernelTesting
import StoreSQLite
import Testing

/// Runs every Store conformance case against a fresh SQLite database file.
@Suite("store.sqlite conformance")
struct SQLiteConformanceTests {
    @Test(arguments: StoreConformance.cases(for: SQLiteStore.self))
    func conformance(_ check: StoreConformanceCase) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sqlite-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("test.sqlite").path)
        try await check.run(store)
    }
}
