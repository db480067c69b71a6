import CoreMetrics
import Foundation
import Kernel
import KernelTesting
import Logging
import Synchronization
import Testing

/// Two schedulers dividing one store's monitors through leases, as two servers sharing
/// PostgreSQL do (the in-memory leases pass the same conformance cases).
@Suite("scheduling under leases")
struct LeaseSchedulingTests {
    /// Which server ran which target when.
    final class RunLog: Sendable {
        private let runs = Mutex<[(server: String, target: String, at: Date)]>([])
        func record(_ server: String, _ target: String) { runs.withLock { $0.append((server, target, Date())) } }
        func servers(since: Date) -> [String: Set<String>] {
            runs.withLock { runs in
                runs.filter { $0.at >= since }.reduce(into: [:]) { $0[$1.server, default: []].insert($1.target) }
            }
        }
        /// Runs that fell in a slot of their monitor's grid another run had already taken,
        /// whichever servers ran them: runs twice in one interval. (Slots, not the gaps between
        /// start times, so that a run started late on a busy machine is not counted.)
        func doubleRuns(_ monitors: [String: Monitor]) -> [String] {
            var seen = Set<String>()
            var doubles: [String] = []
            for run in runs.withLock({ $0 }) {
                guard let monitor = monitors[run.target] else { continue }
                let slot = Int(((run.at.timeIntervalSince1970 - SchedulePhase.phase(of: monitor)) / monitor.interval).rounded())
                if !seen.insert("\(run.target)#\(slot)").inserted { doubles.append("\(run.target)#\(slot) by \(run.server)") }
            }
            return doubles
        }
    }

    func scheduler(_ server: String, store: InMemoryStore, log: RunLog) -> Scheduler {
        let probe = ScriptedProbe { target, _ in
            log.record(server, target)
            return ProbeResult(status: .up, latency: 0.001)
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return Scheduler(store: store, probes: ProbeDirectory([ProbeRunner(probe, kind: "scripted")]), events: EventBus(),
                         settings: SchedulerSettings(jitter: 0, flushIntervalMilliseconds: 20, tickMilliseconds: 10, leaseSeconds: 2),
                         logger: logger, metricsFactory: NOOPMetricsHandler.instance, serverID: server)
    }

    @Test func twoServersSplitTheMonitorsWithoutRunningOneTwiceAndTheSurvivorTakesAll() async throws {
        let store = InMemoryStore(leases: true)
        let tenant = try await Fixtures.tenant(in: store)
        var monitors: [String: Monitor] = [:]
        for target in (0..<6).map({ "t\($0)" }) {
            let monitor = Monitor(tenantID: tenant, name: target, kind: "scripted", target: target, interval: 0.4, timeout: 0.2)
            try await store.monitors.create(monitor, tenant: tenant)
            monitors[target] = monitor
        }
        let log = RunLog()
        let a = scheduler("a", store: store, log: log), b = scheduler("b", store: store, log: log)
        let runningA = Task { try await a.run() }
        #expect(await eventually(within: 15) { log.servers(since: .distantPast)["a"]?.count == 6 }, "alone, a runs every monitor")

        let runningB = Task { try await b.run() }
        // Within two renewals (0.5 s apart) the work is split 3 / 3.
        #expect(await eventually(within: 15) {
            let recent = log.servers(since: Date().addingTimeInterval(-0.9))
            return recent["a"]?.count == 3 && recent["b"]?.count == 3 && recent["a"]!.isDisjoint(with: recent["b"]!)
        }, "\(log.servers(since: Date().addingTimeInterval(-0.9)))")
        #expect(await a.runningCount == 3)

        runningB.cancel()
        _ = try? await runningB.value
        #expect(await eventually(within: 10) { log.servers(since: Date().addingTimeInterval(-0.5))["a"]?.count == 6 },
                "b's leases are released on shutdown and taken by a")
        runningA.cancel()
        _ = try? await runningA.value
        #expect(log.doubleRuns(monitors).isEmpty, "runs twice in one interval: \(log.doubleRuns(monitors))")
    }
}
