import Kernel

/// Push monitors and logs: services push heartbeats to `/api/v1/push/{token}` (judged by
/// `probe.push`) and send log lines to `/api/v1/logs/ingest`, searched by word at
/// `/api/v1/logs`. Push tokens are issued with the monitor and by
/// `POST /api/v1/monitors/{id}/regenerate-key` (the monitors feature).
public struct PushFeature: HostFeature {
    public let name = "push monitors and logs"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.push, .logs] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let pushStore = core.store as? any PushStore, let logStore = core.store as? any LogStore else { return FeatureParts() }
        let ingest = IngestService(store: logStore, enrichment: core.probes.enrichment, settings: core.ingest, events: core.events)
        return FeatureParts(routes: [
            PushRoutes(pushes: pushStore.pushes, decoding: core.decoding),
            LogRoutes(logs: logStore.logs, pushes: pushStore.pushes, store: core.store, tenants: core.tenants,
                      authenticators: core.authenticators, ingest: ingest),
        ])
    }
}
