import CoreMetrics
import Foundation
import Kernel
import KernelTesting
import Logging

/// A scheduler over an in-memory store with one scripted probe kind, on a manual clock.
struct SchedulerHarness {
    let store: InMemoryStore
    let events = EventBus()
    let probe: ScriptedProbe
    let tenant = TenantID.defaultTenant
    let clock: ManualClock
    let scheduler: Scheduler
    /// Tasks that sleep on the clock while the scheduler idles: its loop and the writer's.
    let idleSleepers = 2

    init(store: InMemoryStore = InMemoryStore(), probe: ScriptedProbe, clock: ManualClock = ManualClock()) async throws {
        self.store = store
        self.probe = probe
        self.clock = clock
        _ = try await store.tenants.ensure(Tenant(id: tenant, name: "t"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        scheduler = Scheduler(store: store, probes: ProbeDirectory([ProbeRunner(probe, kind: "scripted")]), events: events,
                              settings: SchedulerSettings(maxConcurrentChecks: 16, jitter: 0.05, flushIntervalMilliseconds: 20),
                              logger: logger, metricsFactory: NOOPMetricsHandler.instance, clock: clock)
    }

    /// Starts the scheduler and waits until it has loaded and idles; cancel the task to stop
    /// it (it drains and flushes before returning).
    func start() async -> Task<Void, any Error> {
        let task = Task { try await scheduler.run() }
        await clock.waitForSleepers(idleSleepers)
        return task
    }

    /// Stops the scheduler as a shutdown does, the clock moving meanwhile (so that runs past
    /// their deadline are abandoned), and waits until it has drained and flushed.
    func stop(_ task: Task<Void, any Error>) async {
        task.cancel()
        let stopped = Task { _ = try? await task.value }
        let mover = Task {
            while !Task.isCancelled {
                clock.advance(by: 0.05)
                try? await Task.sleep(for: .milliseconds(1))
            }
        }
        await stopped.value
        mover.cancel()
    }

    /// Moves the clock `seconds` forward in steps of `step`, letting the scheduler do what
    /// falls due at each step before the next.
    func advance(_ seconds: Double, step: Double = 0.05) async {
        var moved = 0.0
        while moved < seconds - 1e-9 {
            let delta = min(step, seconds - moved)
            clock.advance(by: delta)
            moved += delta
            await settle()
        }
    }

    /// Moves the clock in steps until `condition` holds, for at most `limit` seconds of the
    /// clock; returns whether it held.
    func advance(until condition: @Sendable () async throws -> Bool, limit: Double = 60, step: Double = 0.05) async rethrows -> Bool {
        var moved = 0.0
        while moved < limit {
            if try await condition() { return true }
            clock.advance(by: step)
            moved += step
            await settle()
        }
        return try await condition()
    }

    /// Waits (real time, briefly) for the scheduler to idle again: its loop and the writer
    /// asleep, and the runs launched handed to the writer.
    private func settle() async {
        await clock.waitForSleepers(idleSleepers, within: 1)
        let deadline = ContinuousClock.now + .milliseconds(20)
        while await scheduler.engine.runsInFlight > 0, ContinuousClock.now < deadline {
            await Task.yield()
        }
    }

    /// Creates a monitor through the store and the bus, as the API does, and waits until the
    /// scheduler has it.
    func add(target: String, interval: Double = 0.2, timeout: Double = 0.1, failureThreshold: Int = 1) async throws -> Monitor {
        let monitor = Monitor(tenantID: tenant, name: target, kind: "scripted", target: target, interval: interval,
                              timeout: timeout, failureThreshold: failureThreshold)
        try await store.monitors.create(monitor, tenant: tenant)
        events.publish(Event(tenantID: tenant, MonitorCreated(monitorID: monitor.id)))
        _ = await eventually { await scheduler.engine.job(monitor.id) != nil }
        return monitor
    }

    /// Changes a monitor through the store and the bus, and waits until the scheduler has the
    /// change.
    func update(_ monitor: Monitor) async throws {
        try await store.monitors.update(monitor, tenant: tenant)
        events.publish(Event(tenantID: tenant, MonitorUpdated(monitorID: monitor.id)))
        _ = await eventually {
            let job = await scheduler.engine.job(monitor.id)
            return monitor.paused ? job == nil : job?.monitor == monitor
        }
    }

    /// Stored results of a monitor, newest first.
    func results(_ monitor: Monitor) async throws -> [ResultRecord] {
        try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest(limit: 1000)).items
    }
}
