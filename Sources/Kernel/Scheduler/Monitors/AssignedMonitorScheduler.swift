import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// The monitors an agent runs: the same `ScheduleEngine` of `MonitorJob`s as a server's
/// `Scheduler` (interval, jitter, deadline, concurrency, state machine), fed by the
/// assignments its server sends instead of the store, and writing to the sink it is given
/// (the agent's spool) instead of the store.
///
/// Each assignment is the whole set: new monitors start, changed ones keep their state and
/// schedule, missing ones stop.
public final class AssignedMonitorScheduler: Service, Sendable {
    /// The engine that runs the monitors.
    public let engine: ScheduleEngine<MonitorJob>
    private let probes: ProbeDirectory
    private let context: MonitorJobContext
    private let changes: AsyncStream<JobChange<MonitorJob>>
    private let continuation: AsyncStream<JobChange<MonitorJob>>.Continuation

    /// Creates the scheduler; nothing runs until `run()`.
    public init(probes: ProbeDirectory, sink: any ResultSink<CheckCompletion>, settings: SchedulerSettings = .init(), logger: Logger,
                metricsFactory: any MetricsFactory, clock: any SchedulerClock = WallClock()) {
        let metrics = SchedulerMetrics(factory: metricsFactory)
        self.probes = probes
        context = MonitorJobContext(results: nil, metrics: metrics, logger: logger, latest: LatestResults(), maintenance: MaintenanceCalendar())
        engine = ScheduleEngine(clock: clock, sink: sink, settings: settings, metrics: metrics.engine, logger: logger)
        (changes, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(16))
    }

    /// Runs exactly `monitors` (the unpaused ones), their probes prepared under `egress`.
    public func assign(_ monitors: [Monitor], egress: EgressPolicy) {
        let jobs = monitors.filter { !$0.paused }.map { monitor in
            MonitorJob(MonitorDefinition(monitor, probes: probes, egress: egress, context: context), state: .initial, lastResult: nil,
                       storedResultLoaded: true)
        }
        continuation.yield(.resync(jobs))
    }

    /// Monitors scheduled now.
    public var scheduledCount: Int { get async { await engine.scheduledCount } }

    /// Schedules until graceful shutdown; shutdown drains the runs in flight into the sink.
    public func run() async throws {
        await engine.load([])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await change in self.changes { await self.engine.apply(change) }
            }
            await cancelWhenGracefulShutdown { await self.engine.run() }
            await engine.shutdown()
            continuation.finish()
            group.cancelAll()
        }
    }
}
