import Kernel
import KernelTesting
import Testing

/// The lease cases against the in-memory leases the scheduler tests use, so those tests
/// exercise a fake that behaves as the PostgreSQL leases do. The suite picks them from the
/// store's conformance to `LeaseStore`, and leaves out the relay it does not offer.
@Suite("in-memory leases conformance")
struct InMemoryLeaseConformanceTests {
    @Test(arguments: StoreConformance.cases(for: InMemoryLeasedStore.self).filter { $0.name.hasPrefix("leases:") })
    func conformance(_ check: StoreConformanceCase) async throws {
        try await check.run(InMemoryLeasedStore())
    }
}
