import Kernel

/// `/api/v1/traces`: one target traced from this server and from SSH hosts at the same time,
/// each origin's hops stored as they arrive, followed live, listed and exported as CSV or JSON.
public struct TracesFeature: HostFeature {
    public let name = "traces"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.traces] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any TraceStore else { return FeatureParts() }
        let traces = TraceService(store: store, hosts: (core.store as? any HostStore)?.hosts, probes: core.probes, feed: TraceFeed(),
                                  logger: core.logger)
        return FeatureParts(routes: [TraceRoutes(traces: traces, tenants: core.tenants, decoding: core.decoding)])
    }
}
