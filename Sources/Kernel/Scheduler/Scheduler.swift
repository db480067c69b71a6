import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle

/// Runs every unpaused monitor each `interval` with jitter, under a per-run deadline and a
/// global concurrency limit; records every result; applies `MonitorStateMachine`; publishes
/// status changes on the event bus.
///
/// It loads monitors and their persisted state and schedule from the store when it starts,
/// and follows `monitorCreated`/`monitorUpdated`/`monitorDeleted` events from the bus, so
/// changes take effect without a restart.
public actor Scheduler: Service {
    let store: any Store
    private let probes: ProbeDirectory
    private let events: EventBus
    private let settings: SchedulerSettings
    let logger: Logger
    let metrics: SchedulerMetrics
    private let limiter: ConcurrencyLimiter
    /// The batching writer results go through.
    public let writer: ResultWriter
    var entries: [MonitorID: ScheduledMonitor] = [:]
    /// Runs launched and not yet completed.
    private var inFlight = 0
    /// Each tenant's egress policy, applied to its monitors' probes (`Scheduler+Tenants.swift`).
    var egress: [TenantID: EgressPolicy] = [:]
    private var queue = ScheduleQueue()
    var nextGeneration: UInt64 = 0
    /// With a shared store: divides the monitors with other servers.
    private let leaseKeeper: LeaseKeeper?
    /// The monitors this server holds leases on; nil when it runs every monitor (one server).
    var ownership: Set<MonitorID>?
    /// Until when the leases in `ownership` are certain; no run starts after it.
    var leasesCertainUntil = Date.distantFuture

    /// Creates a scheduler; nothing runs until `run()`.
    /// - Parameter serverID: this server's name in monitor leases when the store is shared
    ///   (`LeaseStore`); stable across restarts, so a restarted server keeps its leases.
    public init(store: any Store, probes: ProbeDirectory, events: EventBus, settings: SchedulerSettings = .init(),
                logger: Logger, metricsFactory: any MetricsFactory, serverID: String = "vantage-\(UUID())") {
        self.store = store
        self.probes = probes
        self.events = events
        self.settings = settings
        self.logger = logger
        self.metrics = SchedulerMetrics(factory: metricsFactory)
        self.limiter = ConcurrencyLimiter(limit: settings.maxConcurrentChecks)
        self.writer = ResultWriter(store: store, events: events, logger: logger)
        leaseKeeper = (store as? any LeaseStore).map(\.leases).map { LeaseKeeper(leases: $0, serverID: serverID, leaseSeconds: settings.leaseSeconds, logger: logger) }
        ownership = leaseKeeper == nil ? nil : []
    }

    /// Loads monitors, then schedules until graceful shutdown; flushes buffered results last.
    public func run() async throws {
        // Only the changes it acts on, so that busy status and plugin events never push a
        // monitor change out of its buffer.
        let subscription = events.subscribe(EventFilter(topics: ["monitor.created", "monitor.updated", "monitor.deleted", "tenant.updated"]))
        try await load()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.follow(subscription) }
            group.addTask { await self.writer.run(interval: .milliseconds(self.settings.flushIntervalMilliseconds)) }
            if let keeper = self.leaseKeeper {
                group.addTask { await keeper.run { held, until in await self.applyLeases(held, certainUntil: until) } }
            }
            await cancelWhenGracefulShutdown { await self.loop() }
            // Shutdown drains: runs in flight finish (within the grace) and their results are
            // written before the last flush and before the lease keeper releases the leases.
            await self.drainRuns()
            await self.writer.flush()
            group.cancelAll()
        }
        await writer.flush()
    }

    /// Waits until no run is in flight, at most `shutdownGraceSeconds`, whether or not the
    /// task was cancelled.
    private func drainRuns() async {
        let deadline = ContinuousClock.now + .seconds(settings.shutdownGraceSeconds)
        while inFlight > 0, ContinuousClock.now < deadline {
            // A detached sleep: the scheduler's own task may be cancelled by now.
            await Task.detached { try? await Task.sleep(for: .milliseconds(10)) }.value
        }
        if inFlight > 0 {
            logger.warning("runs still in flight at shutdown are abandoned", metadata: ["runs": "\(inFlight)"])
        }
    }

    /// Monitors currently scheduled (unpaused).
    public var scheduledCount: Int { entries.count }

    /// Monitors this server runs: every scheduled one, or with a shared store those it holds
    /// leases on.
    public var runningCount: Int { ownership.map { $0.intersection(entries.keys).count } ?? entries.count }

    /// The last result of each monitor this server runs and has run since it started, for
    /// `/metrics`: a monitor deleted, paused or leased away drops out.
    public func latestResults() -> [LatestResult] {
        entries.values.compactMap { entry in
            guard let result = entry.lastResult, ownership?.contains(entry.monitor.id) ?? true else { return nil }
            return LatestResult(monitor: entry.monitor, result: result)
        }
    }

    // MARK: Loading and changes

    private func load() async throws {
        let now = Date()
        let all = try await store.monitors.listAllTenantsForScheduling()
        // Each monitor's last result comes with the load, in one read, so that no first run
        // after a start asks the store on its own.
        var latest: [MonitorID: ProbeResult] = [:]
        for record in try await store.results.latestOfEveryMonitor() {
            if let id = record.monitorID { latest[id] = record.result }
        }
        await loadEgress(for: Set(all.map(\.0.tenantID)))
        for (monitor, state) in all where !monitor.paused {
            // Keep the saved schedule unless the clock moved so far that it cannot be right;
            // otherwise resume on the monitor's own phase, so overdue monitors do not stampede.
            var due = SchedulePhase.nextSlot(for: monitor, notBefore: now)
            if let next = state?.nextRunAt, next > now, next < now.addingTimeInterval(monitor.interval * 1.5) { due = next }
            install(monitor, state: state ?? .initial, due: due)
            entries[monitor.id]?.lastResult = latest[monitor.id]
            entries[monitor.id]?.storedResultLoaded = true
        }
        logger.info("scheduler loaded monitors", metadata: ["count": "\(entries.count)"])
    }

    private func follow(_ subscription: AsyncStream<Event>) async {
        for await event in subscription {
            switch event.kind {
            case .monitorCreated(let id), .monitorUpdated(let id):
                await reload(id, tenant: event.tenantID)
                if event.origin == nil { await leaseKeeper?.kick() }
            case .monitorDeleted(let id):
                remove(id)
            case .tenantUpdated:
                await tenantUpdated(event.tenantID)
            case .monitorStatusChanged, .plugin:
                continue
            }
        }
    }

    /// Re-reads a monitor from the store and reschedules it (or drops it if paused or gone).
    public func reload(_ id: MonitorID, tenant: TenantID) async {
        do {
            guard let monitor = try await store.monitors.get(id, tenant: tenant), !monitor.paused else {
                remove(id)
                return
            }
            await loadEgress(for: [tenant])
            let state: MonitorState
            if let existing = entries[id]?.state {
                state = existing
            } else {
                state = try await store.monitors.state(of: id, tenant: tenant) ?? .initial
            }
            let firstRun = Double.random(in: 0..<max(min(monitor.interval * settings.jitter, 5), 0.001))
            install(monitor, state: state, due: Date().addingTimeInterval(firstRun))
        } catch {
            logger.error("could not reload monitor", metadata: ["monitor": "\(id)", "error": "\(error)"])
        }
    }

    func install(_ monitor: Monitor, state: MonitorState, due: Date) {
        nextGeneration += 1
        let probe: Result<PreparedProbe, ProbeFailure>
        do {
            probe = .success(try probes.prepare(kind: monitor.kind, target: monitor.target, timeout: monitor.timeout, config: monitor.config,
                                                egress: egressPolicy(of: monitor.tenantID)))
        } catch {
            probe = .failure(ProbeFailure(code: "probe_unavailable", message: "\(error)"))
        }
        var entry = ScheduledMonitor(monitor: monitor, state: state, probe: probe, generation: nextGeneration)
        entry.running = entries[monitor.id]?.running ?? false
        entry.lastResult = entries[monitor.id]?.lastResult
        entry.storedResultLoaded = entries[monitor.id]?.storedResultLoaded ?? false
        entry.state.nextRunAt = due
        entries[monitor.id] = entry
        if ownership?.contains(monitor.id) ?? true {
            queue.insert(.init(due: due, monitorID: monitor.id, generation: nextGeneration))
        }
        metrics.scheduled.record(entries.count)
    }

    func remove(_ id: MonitorID) {
        entries[id] = nil
        metrics.scheduled.record(entries.count)
    }

    // MARK: Running


    private func loop() async {
        while !Task.isCancelled {
            let now = Date()
            while let top = queue.first, top.due <= now {
                _ = queue.popFirst()
                guard let entry = entries[top.monitorID], entry.generation == top.generation else { continue }
                let next = nextDue(after: top.due, monitor: entry.monitor, now: now)
                entries[top.monitorID]?.state.nextRunAt = next
                queue.insert(.init(due: next, monitorID: top.monitorID, generation: top.generation))
                if entry.running || now > leasesCertainUntil {
                    metrics.skipped.increment()
                } else {
                    entries[top.monitorID]?.running = true
                    launch(entry, due: top.due)
                }
            }
            // Wake at most every tick: the runs that fall due meanwhile start together, at
            // most a tick late, instead of one timer wake-up each.
            let tick = Double(settings.tickMilliseconds) / 1000
            let wait = min(max(queue.first.map { $0.due.timeIntervalSince(Date()) } ?? 0.1, tick), max(tick, 0.1))
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// The next slot on the monitor's phase grid at least half an interval after this run,
    /// moved by up to ±jitter/2 × interval.
    private func nextDue(after due: Date, monitor: Monitor, now: Date) -> Date {
        let slot = SchedulePhase.nextSlot(for: monitor, notBefore: due.addingTimeInterval(monitor.interval / 2))
        let spread = monitor.interval * settings.jitter
        let next = slot.addingTimeInterval(spread > 0 ? Double.random(in: -spread / 2...spread / 2) : 0)
        return next > now ? next : SchedulePhase.nextSlot(for: monitor, notBefore: now)
    }

    private func launch(_ entry: ScheduledMonitor, due: Date) {
        let monitor = entry.monitor
        let generation = entry.generation
        let probe = entry.probe
        let knownPrevious = entry.lastResult
        let loadStored = knownPrevious == nil && !entry.storedResultLoaded
        entries[monitor.id]?.storedResultLoaded = true
        inFlight += 1
        let store = self.store
        let limiter = self.limiter
        let metrics = self.metrics
        var runLogger = logger
        runLogger[metadataKey: "monitor"] = "\(monitor.id)"
        Task { [runLogger] in
            await limiter.acquire()
            // Only a monitor taken over from another server, or one the load did not see,
            // reads its last result here, within the concurrency limit.
            var previous = knownPrevious
            if loadStored {
                previous = try? await store.results.list(tenant: monitor.tenantID, scope: .monitor(monitor.id), from: nil, to: nil,
                                                         page: PageRequest(limit: 1)).items.first?.result
            }
            let started = Date()
            metrics.lag.recordSeconds(max(started.timeIntervalSince(due), 0))
            let result: ProbeResult
            switch probe {
            case .success(let prepared):
                result = await ProbeExecution.run(prepared, timeout: monitor.timeout, logger: runLogger, previous: previous)
            case .failure(let failure):
                result = .down(failure)
            }
            await limiter.release()
            await self.complete(monitor, generation: generation, started: started, duration: Date().timeIntervalSince(started), result: result)
        }
    }

    private func complete(_ monitor: Monitor, generation: UInt64, started: Date, duration: Double, result: ProbeResult) async {
        inFlight -= 1
        metrics.checks[result.status]?.increment()
        if result.failure?.code == "timeout" { metrics.timeouts.increment() }
        let record = ResultRecord(tenantID: monitor.tenantID, monitorID: monitor.id, kind: monitor.kind,
                                  target: monitor.target, startedAt: started, duration: duration, result: result)
        guard var entry = entries[monitor.id] else {
            await writer.enqueue(record, state: nil)
            return
        }
        entry.running = false
        entry.lastResult = result
        let change = MonitorStateMachine.apply(result, at: started, to: &entry.state,
                                               failureThreshold: entry.monitor.failureThreshold,
                                               recoveryThreshold: entry.monitor.recoveryThreshold)
        entries[monitor.id] = entry
        // Published by the writer once the result and the state are stored.
        var caused: [Event] = []
        if let change {
            caused.append(Event(tenantID: monitor.tenantID, kind: .monitorStatusChanged(
                .init(monitorID: monitor.id, from: change.from, to: change.to, failure: result.failure))))
        }
        for event in result.events {
            var payload = event.payload.objectValue ?? ["value": event.payload]
            payload["monitorID"] = .string("\(monitor.id)")
            caused.append(Event(tenantID: monitor.tenantID, kind: .plugin(name: event.name, payload: .object(payload))))
        }
        await writer.enqueue(record, state: MonitorStateUpdate(tenantID: monitor.tenantID, monitorID: monitor.id, state: entry.state),
                             events: caused)
    }
}

extension CoreMetrics.Timer {
    /// Records a duration given in seconds.
    func recordSeconds(_ seconds: Double) { recordNanoseconds(Int64(seconds * 1_000_000_000)) }
}
