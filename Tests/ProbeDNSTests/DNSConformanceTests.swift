import FixtureServers
import Kernel
import KernelTesting
import ProbeDNS
import Testing

/// probe.dns against the probe conformance suite: a server on a closed UDP port is down, a TCP
/// listener that never answers is the slow target.
@Suite("probe.dns conformance")
struct DNSConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        let closed = try SilentListener.closedPort()
        let silent = try SilentListener()
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(try DNSProbe(), kind: "dns"), badTarget: "example..test",
            downTarget: ("example.test", .object(["servers": .array([.string("127.0.0.1:\(closed)")]), "attempts": .number(1)])),
            slowTarget: ("example.test", .object(["servers": .array([.string("127.0.0.1:\(silent.port)")]), "transport": .string("tcp")]))))
        withExtendedLifetime(silent) {}
    }
}
