import CoreMetrics
import Foundation
import Kernel
import KernelTesting
import Logging

/// A scheduler over an in-memory store with one scripted probe kind, run in a task.
struct SchedulerHarness {
    let store: InMemoryStore
    let events = EventBus()
    let probe: ScriptedProbe
    let tenant = TenantID.defaultTenant
    let scheduler: Scheduler

    init(store: InMemoryStore = InMemoryStore(), probe: ScriptedProbe) async throws {
        self.store = store
        self.probe = probe
        _ = try await store.tenants.ensure(Tenant(id: tenant, name: "t"))
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        scheduler = Scheduler(store: store, probes: ProbeDirectory([ProbeRunner(probe, kind: "scripted")]), events: events,
                              settings: SchedulerSettings(maxConcurrentChecks: 16, jitter: 0.05, flushIntervalMilliseconds: 20),
                              logger: logger, metricsFactory: NOOPMetricsHandler.instance)
    }

    /// Starts the scheduler; cancel the task to stop it (it flushes before returning).
    func start() -> Task<Void, any Error> {
        Task { try await scheduler.run() }
    }

    /// Creates a monitor through the store and the bus, as the API does.
    func add(target: String, interval: Double = 0.2, timeout: Double = 0.1, failureThreshold: Int = 1) async throws -> Monitor {
        let monitor = Monitor(tenantID: tenant, name: target, kind: "scripted", target: target, interval: interval,
                              timeout: timeout, failureThreshold: failureThreshold)
        try await store.monitors.create(monitor, tenant: tenant)
        events.publish(Event(tenantID: tenant, kind: .monitorCreated(monitorID: monitor.id)))
        return monitor
    }

    /// Changes a monitor through the store and the bus.
    func update(_ monitor: Monitor) async throws {
        try await store.monitors.update(monitor, tenant: tenant)
        events.publish(Event(tenantID: tenant, kind: .monitorUpdated(monitorID: monitor.id)))
    }

    /// Stored results of a monitor, newest first.
    func results(_ monitor: Monitor) async throws -> [ResultRecord] {
        try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), from: nil, to: nil, page: PageRequest(limit: 1000)).items
    }
}
