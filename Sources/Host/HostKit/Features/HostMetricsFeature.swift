import Kernel
import Prometheus

/// Hosts' metrics: every unpaused SSH host collected every `collectionInterval` by the
/// `collector.ssh` instance (`HostCollectionService`), samples stored with rollups, and
/// `/api/v1/hosts/{id}/system`, `/metrics`, `/metrics/latest`, `/processes` and
/// `/collection/pause|resume`.
///
/// Without an enabled SSH collector, or with `collection.enabled` false, nothing is
/// collected here and the routes still serve the stored history.
public struct HostMetricsFeature: HostFeature {
    public let name = "host-metrics"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.hosts, .samples] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any HostStore, let samples = (core.store as? any SampleStore)?.samples else { return FeatureParts() }
        let hosts = HostService(store: store, sealer: core.probes.sealer, keyDirectory: core.sshKeyDirectory, events: core.events)
        var collection: HostCollectionService?
        if core.collection.enabled, let collector = try Self.collector(in: core) {
            var logger = core.logger
            logger[metadataKey: "service"] = "collection"
            collection = HostCollectionService(hosts: store.hosts, samples: samples, checks: core.store.checks, collector: collector,
                                               events: core.events, settings: core.collection, logger: logger,
                                               metricsFactory: PrometheusMetricsFactory(registry: core.metrics))
        }
        let metrics = HostMetricsService(hosts: hosts, samples: samples, collection: collection, settings: core.collection)
        return FeatureParts(routes: [HostMetricsRoutes(metrics: metrics, tenants: core.tenants)], services: collection.map { [$0] } ?? [])
    }

    /// The collector instance `collection.collector` names, or the first enabled
    /// `collector.ssh`; nil when none is enabled.
    static func collector(in core: HostServices) throws -> CollectorRunner? {
        if let name = core.collection.collector {
            guard let named = core.collectors.first(where: { $0.name == name }) else {
                throw ConfigurationError(path: "$.collection.collector", message: "no enabled collector is named '\(name)'",
                                         allowedValues: core.collectors.map(\.name))
            }
            return named
        }
        return core.collectors.first { $0.pluginID.rawValue == "collector.ssh" }
    }
}
