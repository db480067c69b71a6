import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// Collects the metrics of every SSH host that is neither paused nor has its collection
/// paused: a `ScheduleEngine` of `HostCollectionJob`s (each host every `collectionInterval`,
/// on its own phase, under the concurrency limit and a deadline, never two runs of one host at
/// once), fed by the store and the bus (`StoreHostSource`), writing through
/// `HostCollectionSink`; and, beside it, the rollup of stored samples into minutes and hours
/// every `rollupIntervalSeconds` under `retention`.
///
/// Its engine measures itself on `/metrics` as `vantage_collection_lag_seconds`,
/// `vantage_collections_skipped_total`, `vantage_collection_hosts` and
/// `vantage_collections_in_flight`.
public final class HostCollectionService: Service, Sendable {
    /// The engine that runs the collections.
    public let engine: ScheduleEngine<HostCollectionJob>
    /// Each host's state and latest reading.
    public let latest: LatestHostReadings
    /// Where readings are written.
    public let sink: HostCollectionSink
    private let source: StoreHostSource
    private let samples: any SampleRepository
    private let settings: CollectionSettings
    private let clock: any SchedulerClock
    private let logger: Logger
    private let rollups: Counter
    private let events: EventBus

    /// Creates the service; nothing runs until `run()`.
    public init(hosts: any RemoteHostRepository, samples: any SampleRepository, checks: any CheckRepository, collector: CollectorRunner,
                events: EventBus, settings: CollectionSettings, logger: Logger, metricsFactory: any MetricsFactory,
                clock: any SchedulerClock = WallClock()) {
        let latest = LatestHostReadings()
        self.latest = latest
        self.events = events
        self.samples = samples
        self.settings = settings
        self.clock = clock
        self.logger = logger
        rollups = Counter(label: "vantage_host_sample_rollups_total", factory: metricsFactory)
        sink = HostCollectionSink(samples: samples, checks: checks, events: events, latest: latest, logger: logger, metricsFactory: metricsFactory)
        source = StoreHostSource(hosts: hosts, events: events, collector: collector, settings: settings, latest: latest, logger: logger)
        let metrics = EngineMetrics(factory: metricsFactory, lag: "vantage_collection_lag_seconds", skipped: "vantage_collections_skipped_total",
                                    scheduled: "vantage_collection_hosts", leased: "vantage_collection_hosts_leased",
                                    inFlight: "vantage_collections_in_flight")
        engine = ScheduleEngine(clock: clock, sink: sink, settings: settings.scheduler, metrics: metrics, logger: logger)
    }

    /// Loads the hosts, then collects until graceful shutdown; collections in flight finish
    /// (within a few seconds) and every reading is written before it returns.
    public func run() async throws {
        let deletions = events.subscribe(EventFilter(topics: [HostDeleted.eventName]))
        let feed = try await source.start()
        await engine.load(feed.initial)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in deletions {
                    if let deleted = event.payload(as: HostDeleted.self) { await self.sink.forget(deleted.hostID, tenant: event.tenantID) }
                }
            }
            group.addTask {
                for await change in feed.changes { await self.engine.apply(change) }
            }
            group.addTask { await self.rollUpPeriodically() }
            group.addTask { await self.resyncPeriodically() }
            await cancelWhenGracefulShutdown { await self.engine.run() }
            await engine.shutdown()
            group.cancelAll()
        }
    }

    /// Hosts being collected.
    public var hostCount: Int { get async { await engine.scheduledCount } }

    /// One rollup pass at `now`: raw samples older than the retention's raw window into
    /// minutes, old minutes into hours, hours past the retention deleted.
    @discardableResult
    public func rollUp(now: Date = Date()) async throws -> SampleRollupOutcome {
        let outcome = try await samples.rollUp(now: now, retention: settings.retention)
        rollups.increment()
        if outcome != SampleRollupOutcome() {
            logger.info("host samples rolled up", metadata: ["raw": "\(outcome.rawRolledUp)", "minutes": "\(outcome.minutesRolledUp)",
                                                             "hoursDeleted": "\(outcome.hoursDeleted)"])
        }
        return outcome
    }

    /// Reads every host again each minute: a host changed where no event reaches this server
    /// (`vantage hosts add` on a server with SQLite) is collected within a minute.
    private func resyncPeriodically() async {
        while !Task.isCancelled {
            try? await clock.sleep(seconds: 60)
            if Task.isCancelled { break }
            do {
                await engine.resync(try await source.all())
            } catch {
                logger.warning("could not read the hosts again; tried again in a minute", metadata: ["error": "\(error)"])
            }
        }
    }

    private func rollUpPeriodically() async {
        while !Task.isCancelled {
            do {
                try await rollUp(now: clock.now)
            } catch {
                logger.warning("host sample rollup failed; tried again at the next pass", metadata: ["error": "\(error)"])
            }
            try? await clock.sleep(seconds: settings.rollupIntervalSeconds)
        }
    }
}
