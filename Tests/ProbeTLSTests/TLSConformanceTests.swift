import FixtureServers
import Kernel
import KernelTesting
import ProbeTLS
import Testing

/// probe.tls against the probe conformance suite: a closed port is down, a listener that
/// accepts and never answers the ClientHello is the slow target.
@Suite("probe.tls conformance")
struct TLSConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        let closed = try SilentListener.closedPort()
        let silent = try SilentListener()
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(try TLSProbe(), kind: "tls"), badTarget: "exa mple.net",
            downTarget: ("127.0.0.1:\(closed)", .emptyObject), slowTarget: ("127.0.0.1:\(silent.port)", .emptyObject)))
        withExtendedLifetime(silent) {}
    }
}
