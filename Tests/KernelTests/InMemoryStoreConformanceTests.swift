import Kernel
import KernelTesting
import Testing

/// The in-memory fake passes the same conformance suite as real stores, so unit tests that
/// use it test against the documented store behaviour.
@Suite("InMemoryStore conformance")
struct InMemoryStoreConformanceTests {
    @Test(arguments: StoreConformance.cases(for: InMemoryStore.self))
    func conformance(_ check: StoreConformanceCase) async throws {
        try await check.run(InMemoryStore())
    }
}
