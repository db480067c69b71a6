import CoreMetrics
import Foundation
import Kernel
import KernelTesting
import Logging
import Synchronization
import Testing

/// Two schedulers dividing one store's monitors through leases, as two servers sharing
/// PostgreSQL do (the in-memory leases pass the same conformance cases), on a manual clock
/// that the schedulers, the leases and the log share.
@Suite("scheduling under leases")
struct LeaseSchedulingTests {
    /// Which server ran which target when.
    final class RunLog: Sendable {
        let clock: ManualClock
        private let runs = Mutex<[(server: String, target: String, at: Date)]>([])
        init(clock: ManualClock) { self.clock = clock }
        func record(_ server: String, _ target: String) { runs.withLock { $0.append((server, target, clock.now)) } }
        func servers(since: Date) -> [String: Set<String>] {
            runs.withLock { runs in
                runs.filter { $0.at >= since }.reduce(into: [:]) { $0[$1.server, default: []].insert($1.target) }
            }
        }
        /// Runs of one target by two different servers closer than 30 % of the interval: the
        /// double runs leases must prevent at a handover. (One server's late run followed by
        /// its next, on time, is the scheduler's ordinary catching up on a loaded machine.)
        func doubleRuns(interval: Double) -> [String] {
            let byTarget = runs.withLock { Dictionary(grouping: $0, by: \.target) }
            return byTarget.flatMap { target, runs in
                zip(runs.dropFirst(), runs).filter { $0.server != $1.server && $0.at.timeIntervalSince($1.at) < interval * 0.3 }
                    .map { "\(target): \($1.server) then \($0.server) \($0.at.timeIntervalSince($1.at)) s apart" }
            }
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
                         logger: logger, metricsFactory: NOOPMetricsHandler.instance, serverID: server, clock: log.clock)
    }

    /// Moves the clock in steps of 50 ms until `condition` holds (at most `limit` seconds of
    /// the clock), letting the `sleepers` tasks of the running schedulers (loop, writer and
    /// lease keeper each) settle at every step.
    func advance(_ clock: ManualClock, sleepers: Int, limit: Double = 30, until condition: @Sendable () async -> Bool) async -> Bool {
        var moved = 0.0
        while moved < limit {
            if await condition() { return true }
            clock.advance(by: 0.05)
            moved += 0.05
            await clock.waitForSleepers(sleepers, within: 1)
            try? await Task.sleep(for: .microseconds(500))
        }
        return await condition()
    }

    @Test func twoServersSplitTheMonitorsWithoutRunningOneTwiceAndTheSurvivorTakesAll() async throws {
        let clock = ManualClock()
        let store = InMemoryLeasedStore(clock: clock)
        let tenant = try await Fixtures.tenant(in: store)
        for target in (0..<6).map({ "t\($0)" }) {
            try await store.monitors.create(Monitor(tenantID: tenant, name: target, kind: "scripted", target: target, interval: 1, timeout: 0.2),
                                            tenant: tenant)
        }
        let log = RunLog(clock: clock)
        let a = scheduler("a", store: store, log: log), b = scheduler("b", store: store, log: log)
        let runningA = Task { try await a.run() }
        #expect(await advance(clock, sleepers: 3) { log.servers(since: .distantPast)["a"]?.count == 6 }, "alone, a runs every monitor")

        let runningB = Task { try await b.run() }
        // Within two renewals (0.5 s apart) the work is split 3 / 3.
        #expect(await advance(clock, sleepers: 6) {
            let recent = log.servers(since: clock.now.addingTimeInterval(-1.5))
            return recent["a"]?.count == 3 && recent["b"]?.count == 3 && recent["a"]!.isDisjoint(with: recent["b"]!)
        }, "\(log.servers(since: clock.now.addingTimeInterval(-1.5)))")
        #expect(await a.runningCount == 3)
        #expect(a.latestResults(limit: 10).total == 3, "what /metrics shows on a drops the monitors it let go")

        runningB.cancel()
        _ = try? await runningB.value
        #expect(await advance(clock, sleepers: 3) {
            let recent = log.servers(since: clock.now.addingTimeInterval(-1.5))
            return recent["a"]?.count == 6 && recent["b"] == nil && a.latestResults(limit: 10).total == 6
        }, "b's leases are released on shutdown and taken by a")
        runningA.cancel()
        _ = try? await runningA.value
        #expect(log.doubleRuns(interval: 1).isEmpty, "runs twice in one interval: \(log.doubleRuns(interval: 1))")
    }
}
