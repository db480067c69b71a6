import Kernel
import KernelTesting
import Testing

/// The host cases against the in-memory hosts the host-feature tests use; the suite picks
/// them from the store's conformance to `HostStore`.
@Suite("in-memory hosts conformance")
struct InMemoryHostConformanceTests {
    @Test(arguments: StoreConformance.cases(for: InMemoryHostStore.self).filter { $0.name.hasPrefix("hosts:") })
    func conformance(_ check: StoreConformanceCase) async throws {
        try await check.run(InMemoryHostStore())
    }
}
