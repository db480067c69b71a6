import FixtureServers
import Kernel
import KernelTesting
import ProbeHTTP
import Testing

/// probe.http against the probe conformance suite: a closed port is down, a listener that
/// accepts and never answers is the slow target.
@Suite("probe.http conformance")
struct HTTPConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        let closed = try SilentListener.closedPort()
        let silent = try SilentListener()
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(try HTTPProbe(), kind: "http"), badTarget: "not a url",
            downTarget: ("http://127.0.0.1:\(closed)/", .emptyObject), slowTarget: ("http://127.0.0.1:\(silent.port)/", .emptyObject)))
        withExtendedLifetime(silent) {}
    }
}
