import Kernel
import KernelTesting
import ProbeICMP
import Testing

/// probe.icmp against the probe conformance suite. Loopback always answers a ping, so there is
/// no down target here: `PingTests` (EndToEndTests) loses every packet in a network namespace
/// for that. Fifty pings half a second apart are the slow target.
@Suite("probe.icmp conformance")
struct ICMPConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(ICMPProbe(), kind: "ping"), badTarget: "exa mple",
            slowTarget: ("127.0.0.1", .object(["count": .number(50), "interval": .number(0.5)]))))
    }
}
