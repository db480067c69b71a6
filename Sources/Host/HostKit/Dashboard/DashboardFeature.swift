import Kernel

/// The dashboard: `/api/v1/dashboard/summary` (monitors by status, uptime and latency of the
/// last 24 hours, hosts and agents online, alerts, ingest rates) and
/// `/api/v1/dashboard/timeline` (status changes, alerts, maintenance, agent and host events),
/// read from the store's rollups so they stay fast at any number of monitors. Its services
/// write the bus-only timeline events to the outbox and raise maintenance starts and ends.
public struct DashboardFeature: HostFeature {
    public let name = "dashboard"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.dashboard] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any DashboardStore else { return FeatureParts() }
        var logger = core.logger
        logger[metadataKey: "service"] = "timeline"
        let service = DashboardService(store: store, offlineAfterSeconds: core.agents.offlineAfterSeconds)
        return FeatureParts(routes: [DashboardRoutes(service: service, tenants: core.tenants)],
                            services: [TimelineRecorder(checks: store.checks, events: core.events, logger: logger),
                                       MaintenanceWatcher(calendar: core.scheduler.maintenance, events: core.events)])
    }
}
