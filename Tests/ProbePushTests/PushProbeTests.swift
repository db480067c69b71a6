import Foundation
import Kernel
import KernelTesting
import Logging
import ProbePush
import Testing

/// The push check's verdicts, from the beats a real (in-memory) repository holds, at a clock
/// the test sets.
struct PushProbeTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    func setUp() async throws -> (InMemoryHostStore, Monitor, Clock, PushProbe) {
        let store = InMemoryHostStore()
        let tenant = try await Fixtures.tenant(in: store)
        var monitor = Fixtures.monitor(tenant: tenant)
        monitor.interval = 60
        try await store.monitors.create(monitor, tenant: tenant)
        let clock = Clock()
        try await store.pushes.issue(StoredPushToken(owner: PushTokenOwner(tenantID: tenant, monitorID: monitor.id), hash: "h", issuedAt: clock.now))
        return (store, monitor, clock, PushProbe(pushes: store.pushes, clock: { clock.now }))
    }

    func run(_ probe: PushProbe, _ monitor: Monitor, grace: Double? = 10) async throws -> ProbeResult {
        try await probe.run(ProbeRequest(target: monitor.target, timeout: 5, options: PushOptions(graceSeconds: grace), logger: Logger(label: "test"),
                                         tenant: monitor.tenantID, monitor: MonitorReference(id: monitor.id, interval: monitor.interval)))
    }

    @Test func verdictsFollowTheLatestPushAndTheWindow() async throws {
        let (store, monitor, clock, probe) = try await setUp()
        clock.now += 30
        #expect(try await run(probe, monitor).isPending, "no push yet, within interval plus grace of the token's issue")
        clock.now += 45
        let never = try await run(probe, monitor)
        #expect(never.status == .down && never.failure?.code == "no_push" && !never.isPending, "\(never)")

        try await store.pushes.record(PushBeat(tenantID: monitor.tenantID, monitorID: monitor.id, receivedAt: clock.now, latencyMs: 20))
        clock.now += 69
        let fresh = try await run(probe, monitor)
        #expect(fresh.status == .up && fresh.latency == 0.02 && fresh.metrics["push_age_seconds"] == 69, "\(fresh)")
        clock.now += 2
        let late = try await run(probe, monitor)
        #expect(late.status == .down && late.failure?.code == "no_push" && late.failure?.message.contains("no push for 71 s") == true, "\(late)")

        try await store.pushes.record(PushBeat(tenantID: monitor.tenantID, monitorID: monitor.id, receivedAt: clock.now, status: .down, message: "disk full"))
        let reported = try await run(probe, monitor)
        #expect(reported.status == .down && reported.failure == ProbeFailure(code: "pushed_down", message: "disk full"), "\(reported)")
        clock.now += 64
        #expect(try await run(probe, monitor, grace: nil).failure?.code == "pushed_down", "the default grace is 10 % of the interval, at least 5 s")
        clock.now += 3
        #expect(try await run(probe, monitor, grace: nil).failure?.code == "no_push", "60 s and 6 s of grace passed")
    }

    @Test func runsOnlyAsAMonitorOfAServer() async throws {
        let unavailable = try await PushProbe(pushes: nil).run(ProbeRequest(target: "x", timeout: 1, options: PushOptions(), logger: Logger(label: "t")))
        #expect(unavailable.failure?.code == "push_unavailable")
        let (_, _, _, probe) = try await setUp()
        let oneShot = try await probe.run(ProbeRequest(target: "x", timeout: 1, options: PushOptions(), logger: Logger(label: "t")))
        #expect(oneShot.failure?.code == "push_monitor_only")
        #expect(throws: ValidationError.self) { try probe.validate(target: "x", options: PushOptions(graceSeconds: -1)) }
    }

    @Test func sampleConfigurationDecodesAndValidates() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Plugins/Probes/Push/sample.json").standardized
        let sample = try #require(try JSONValue.parse(Data(contentsOf: url)).objectValue)
        let plugin = try #require(sample["plugin"]?.objectValue?["config"])
        _ = try StrictDecoder.decode(EmptyConfiguration.self, from: plugin)
        let monitor = try #require(sample["monitor"]?.objectValue)
        let options = try StrictDecoder.decode(PushOptions.self, from: monitor["config"] ?? .emptyObject)
        #expect(options.grace(interval: 86_400) == 1800)
        try PushProbe(pushes: nil).validate(target: monitor["target"]?.stringValue ?? "", options: options)
    }
}
