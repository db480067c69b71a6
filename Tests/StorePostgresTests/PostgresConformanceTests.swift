import Kernel
import KernelTesting
import StorePostgres
import Testing

/// Runs every Store conformance case, the lease cases included, against a fresh schema of
/// the PostgreSQL server that `scripts/test.sh` starts.
@Suite("store.postgres conformance")
struct PostgresConformanceTests {
    @Test(arguments: StoreConformance.cases(for: PostgresStore.self))
    func conformance(_ check: StoreConformanceCase) async throws {
        let store = try await TestDatabase.freshStore()
        do {
            try await check.run(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
