import Kernel
import KernelTesting
import ProbeTCP
import Testing

/// probe.tcp against the probe conformance suite: a closed port is down, a listener whose
/// accept queue is full (the kernel drops the SYNs) is the slow target.
@Suite("probe.tcp conformance")
struct TCPConformanceTests {
    @Test(arguments: ProbeConformance.cases(offering: [.downTarget, .slowTarget]))
    func conformance(_ check: ProbeConformanceCase) async throws {
        let closed = try Listener(address: "127.0.0.1")
        closed.close()
        let full = try Listener(address: "127.0.0.1", backlog: 0)
        full.fillAcceptQueue()
        defer { full.close() }
        try await check.run(ProbeConformanceSubject(
            ProbeRunner(TCPProbe(), kind: "tcp"), badTarget: "no-port",
            downTarget: ("127.0.0.1:\(closed.port)", .emptyObject), slowTarget: ("127.0.0.1:\(full.port)", .emptyObject)))
    }
}
