import Kernel
import KernelTesting
import ProbeTraceroute
import Testing

/// probe.traceroute against the probe conformance suite. A trace of loopback ends at once and
/// always reaches it, so only the validation cases run here; `TracerouteTests` (EndToEndTests)
/// traces silent and lossy paths in network namespaces.
@Suite("probe.traceroute conformance")
struct TracerouteConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: []))
    func conformance(_ check: ProbeConformanceCase) async throws {
        try await check.run(ProbeConformanceSubject(ProbeRunner(TracerouteProbe(), kind: "traceroute"), badTarget: "exa mple"))
    }
}
