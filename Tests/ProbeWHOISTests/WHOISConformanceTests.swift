import FixtureServers
import Kernel
import KernelTesting
import ProbeWHOIS
import Testing

/// probe.whois against the probe conformance suite: a WHOIS server on a closed port is down, a
/// listener that never answers is the slow target.
@Suite("probe.whois conformance")
struct WHOISConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        let closed = try SilentListener.closedPort()
        let silent = try SilentListener()
        let whois = { (port: UInt16) -> JSONValue in .object(["protocol": .string("whois"), "server": .string("127.0.0.1:\(port)")]) }
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(try WHOISProbe(), kind: "whois"), badTarget: "exa mple.com",
            downTarget: ("example.test", whois(closed)), slowTarget: ("example.test", whois(silent.port))))
        withExtendedLifetime(silent) {}
    }
}
