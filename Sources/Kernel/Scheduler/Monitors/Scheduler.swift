import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// The monitor scheduler of a server: a `ScheduleEngine` of `MonitorJob`s, fed by the store
/// and the bus (`StoreMonitorSource`), writing through the batched `ResultWriter`, and with a
/// shared store dividing the monitors with other servers through leases (`LeaseKeeper`).
///
/// Every unpaused monitor runs each `interval` with jitter, under a per-run deadline and a
/// global concurrency limit; every result is recorded, `MonitorStateMachine` applied, and
/// status changes are published once stored. Changes take effect without a restart.
public final class Scheduler: Service, Sendable {
    /// The engine that runs the monitors.
    public let engine: ScheduleEngine<MonitorJob>
    /// The batching writer results go through.
    public let writer: ResultWriter
    /// The last result of each monitor this server runs, for `/metrics`.
    public let latest = LatestResults()
    /// The maintenance windows that mark this server's results (filled by the alerting feature).
    public let maintenance = MaintenanceCalendar()
    private let source: StoreMonitorSource
    /// With a shared store: divides the monitors with other servers.
    private let leaseKeeper: LeaseKeeper?

    /// Creates a scheduler; nothing runs until `run()`.
    /// - Parameters:
    ///   - serverID: this server's name in monitor leases when the store is shared
    ///     (`LeaseStore`); stable across restarts, so a restarted server keeps its leases.
    ///   - clock: the time it runs on; tests pass a manual clock.
    ///   - spool: where results wait on disk while the store is unreachable (`ResultWriter`).
    ///   - serverIsALocation: whether a monitor that also runs on agents keeps the servers'
    ///     state as its `server` location's, announced as `monitor.location_changed`, for the
    ///     host to count in the quorum with the agents' (`Monitor.serverIsOneOfItsLocations`).
    ///     The store must keep agents (`AgentStore`).
    public init(store: any Store, probes: ProbeDirectory, events: EventBus, settings: SchedulerSettings = .init(),
                logger: Logger, metricsFactory: any MetricsFactory, serverID: String = "vantage-\(UUID())",
                clock: any SchedulerClock = WallClock(), spool: (any DurableSpool)? = nil, serverIsALocation: Bool = false) {
        let metrics = SchedulerMetrics(factory: metricsFactory)
        writer = ResultWriter(store: store, events: events, logger: logger, spool: spool,
                              spoolMetrics: ResultSpoolMetrics(factory: metricsFactory))
        let leaseKeeper = (store as? any LeaseStore).map(\.leases).map {
            LeaseKeeper(leases: $0, serverID: serverID, leaseSeconds: settings.leaseSeconds, clock: clock, logger: logger)
        }
        self.leaseKeeper = leaseKeeper
        source = StoreMonitorSource(store: store, events: events, probes: probes, metrics: metrics, latest: latest,
                                    leased: leaseKeeper != nil, maintenance: maintenance, logger: logger,
                                    serverIsALocation: serverIsALocation && store is any AgentStore)
        engine = ScheduleEngine(clock: clock, sink: writer, settings: settings, metrics: metrics.engine, logger: logger,
                                leased: leaseKeeper != nil)
    }

    /// Loads the monitors, then schedules until graceful shutdown. Shutdown drains: runs in
    /// flight finish (within `shutdownGraceSeconds`) and every result is written before the
    /// lease keeper releases the leases.
    public func run() async throws {
        // Results spooled before a restart go in first, so the states loaded are their latest.
        await writer.flush()
        let changes = try await load()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.follow(changes) }
            if let keeper = leaseKeeper {
                group.addTask { await keeper.run { held, until in await self.applyLeases(held, certainUntil: until) } }
            }
            await cancelWhenGracefulShutdown { await self.engine.run() }
            await engine.shutdown()
            group.cancelAll()
        }
    }

    /// Loads the monitors into the engine and returns the changes to follow. The loaded
    /// arrays are dropped here, and the memory they took is given back.
    private func load() async throws -> AsyncStream<JobChange<MonitorJob>> {
        let feed = try await source.start()
        await engine.load(feed.initial)
        let changes = feed.changes
        FreedMemory.release()
        return changes
    }

    private func follow(_ changes: AsyncStream<JobChange<MonitorJob>>) async {
        for await change in changes {
            await engine.apply(change)
            if case .upsert(_, isLocal: true) = change { await leaseKeeper?.kick() }
        }
    }

    /// Runs exactly the monitors in `held`. Monitors taken over start from the store's state
    /// (another server ran them until now).
    private func applyLeases(_ held: Set<MonitorID>, certainUntil: Date) async {
        let (added, unknown) = await engine.applyLeases(held, certainUntil: certainUntil)
        guard !added.isEmpty else { return }
        // A monitor created or changed through another server whose event did not arrive.
        if unknown, let all = try? await source.all() {
            await engine.resync(all)
        }
        var current: [MonitorJob] = []
        for id in added { if let job = await engine.job(id) { current.append(job) } }
        await engine.takeOver(added, fresh: await source.refresh(current))
    }

    /// Monitors currently scheduled (unpaused).
    public var scheduledCount: Int { get async { await engine.scheduledCount } }

    /// Monitors this server runs: every scheduled one, or with a shared store those it holds
    /// leases on.
    public var runningCount: Int { get async { await engine.runningCount } }

    /// The last result of the first `limit` monitors (by tenant and id) this server runs and
    /// has a result for, for `/metrics`, and how many have one in all: a monitor deleted,
    /// paused or leased away drops out. Read beside the engine, without holding its schedule.
    public func latestResults(limit: Int) -> (results: [LatestResult], total: Int) {
        latest.first(limit)
    }
}
