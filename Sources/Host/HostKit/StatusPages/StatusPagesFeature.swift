import Kernel

/// Public status pages: managed at `/api/v1/status-pages`, shown to anyone at
/// `/status/{slug}` (the web interface's page) from `/api/v1/public/status-pages/{slug}`.
public struct StatusPagesFeature: HostFeature {
    public let name = "status pages"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.statusPages] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any StatusPageStore else { return FeatureParts() }
        let cache = PublicStatusCache()
        return FeatureParts(routes: [
            StatusPageRoutes(pages: store.statusPages, store: core.store, tenants: core.tenants, decoding: core.decoding, cache: cache),
            PublicStatusRoutes(pages: store.statusPages, store: core.store, calendar: core.scheduler.maintenance, cache: cache),
        ])
    }
}
