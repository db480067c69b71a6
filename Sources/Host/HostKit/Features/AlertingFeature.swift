import ArgumentParser
import Kernel
import Prometheus

/// Alerting: notification channels, alert rules, maintenance windows and the history over
/// HTTP (`AlertingRoutes`); the evaluation of rules over the outbox and the delivery of
/// alerts as background services (unless `alerting.enabled` is false on this server); and
/// `vantage notify test`, `vantage alerts list`.
public struct AlertingFeature: HostFeature {
    public let name = "alerting"
    /// Creates the feature.
    public init() {}
    public var requiredStoreCapabilities: [StoreCapability] { [.alerts] }
    public var commands: [any ParsableCommand.Type] { [NotifyCommand.self, AlertsCommand.self] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any AlertStore else { return FeatureParts() }
        let alerting = AlertingService(store: store, notifiers: core.notifiers, sealer: core.probes.sealer, settings: core.alerting, serverID: core.serverID,
                                       calendar: core.scheduler.maintenance)
        let routes = AlertingRoutes(alerting: alerting, tenants: core.tenants, decoding: core.decoding)
        var logger = core.logger
        logger[metadataKey: "feature"] = "alerting"
        // The scheduler marks results taken in maintenance whether or not this server delivers alerts.
        let calendar = MaintenanceCalendarRefresh(calendar: core.scheduler.maintenance, repository: store.alerts,
                                                  intervalSeconds: core.alerting.pollSeconds, logger: logger)
        guard core.alerting.enabled else { return FeatureParts(routes: [routes], services: [calendar]) }
        let metrics = PrometheusMetricsFactory(registry: core.metrics)
        let delivery = AlertDeliveryService(store: store, notifiers: core.notifiers, sealer: core.probes.sealer, settings: core.alerting,
                                            owner: core.serverID, logger: logger, metricsFactory: metrics)
        let evaluation = AlertEvaluationService(store: store, events: core.events, settings: core.alerting, logger: logger, metricsFactory: metrics,
                                                committed: { delivery.wakeUp() })
        return FeatureParts(routes: [routes], services: [calendar, evaluation, delivery])
    }
}
