import ArgumentParser
import Kernel
import Metrics
import Prometheus

/// Agents: `vantage agent` processes that dial out to this server over a WebSocket on the
/// API's port, enrol with the shared secret, are approved by an operator
/// (`/api/v1/agents`, `vantage agents`) and then connect with credentials of their own.
public struct AgentsFeature: HostFeature {
    public let name = "agents"
    /// Creates the feature.
    public init() {}

    public var requiredStoreCapabilities: [StoreCapability] { [.agents] }

    public var commands: [any ParsableCommand.Type] { [AgentsCommand.self, AgentCommand.self] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        guard let store = core.store as? any AgentStore else { return FeatureParts() }
        let service = AgentService(store: store, events: core.events, secret: core.agentSecret, maxPending: core.agents.maxPendingAgents)
        let gateway = AgentGateway(service: service, store: core.store, probes: core.probes, settings: core.agents, events: core.events,
                                   metrics: PrometheusMetricsFactory(registry: core.metrics), logger: core.logger)
        return FeatureParts(routes: [AgentRoutes(agents: service, tenants: core.tenants, decoding: core.decoding, settings: core.agents),
                                     MonitorLocationRoutes(store: store, tenants: core.tenants)],
                            services: [gateway, ServerLocationFollower(store: store, events: core.events, logger: core.logger)], webSockets: [AgentSocketRoutes(gateway: gateway)])
    }
}
