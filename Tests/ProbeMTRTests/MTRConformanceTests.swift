import Kernel
import KernelTesting
import ProbeMTR
import Testing

/// probe.mtr against the probe conformance suite. Loopback always answers, so there is no down
/// target here: `TracerouteTests` (EndToEndTests) has unreachable paths in network namespaces.
/// Fifty rounds half a second apart are the slow target.
@Suite("probe.mtr conformance")
struct MTRConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(MTRProbe(), kind: "mtr"), badTarget: "exa mple",
            slowTarget: ("127.0.0.1", .object(["count": .number(50), "interval": .number(0.5)]))))
    }
}
