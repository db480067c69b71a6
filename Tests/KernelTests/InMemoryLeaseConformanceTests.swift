import Kernel
import KernelTesting
import Testing

/// The lease cases against the in-memory leases the scheduler tests use, so those tests
/// exercise a fake that behaves as the PostgreSQL leases do.
@Suite("in-memory leases conformance")
struct InMemoryLeaseConformanceTests {
    @Test(arguments: StoreConformance.leaseCases.filter { $0.name.hasPrefix("leases:") })
    func conformance(_ check: StoreConformanceCase) async throws {
        try await check.run(InMemoryStore(leases: true))
    }
}
