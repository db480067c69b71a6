import Kernel

/// Ingestion: producers push connections (enriched with GeoIP on the way in) and metric
/// snapshots, committed before they are acknowledged, with idempotent retries; the tenant
/// reads them back filtered, aggregated and over time.
public struct IngestFeature: HostFeature {
    public let name = "ingestion"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.ingest] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any IngestStore else { return FeatureParts() }
        let service = IngestService(store: store, enrichment: core.probes.enrichment, settings: core.ingest, events: core.events)
        return FeatureParts(routes: [IngestRoutes(service: service, tenants: core.tenants, decoding: RequestDecoding(maxBodyBytes: core.ingest.maxBodyBytes)),
                                     ConnectionQueryRoutes(store: store, tenants: core.tenants)])
    }
}
