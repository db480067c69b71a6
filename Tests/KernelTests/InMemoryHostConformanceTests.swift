import Kernel
import KernelTesting
import Testing

/// The host and trace cases against the in-memory store the host-feature tests use; the suite picks
/// them from the store's conformance to `HostStore`.
@Suite("in-memory hosts and traces conformance")
struct InMemoryHostConformanceTests {
    @Test(arguments: StoreConformance.cases(for: InMemoryHostStore.self).filter { $0.name.hasPrefix("hosts:") || $0.name.hasPrefix("traces:") || $0.name.hasPrefix("samples:") || $0.name.hasPrefix("alerts:") })
    func conformance(_ check: StoreConformanceCase) async throws {
        try await check.run(InMemoryHostStore())
    }
}
