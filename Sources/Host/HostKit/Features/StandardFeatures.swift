import ArgumentParser
import Kernel

/// `/api/v1/monitors`: monitors with their results, status history and uptime, changed
/// through `MonitorService`; and `vantage monitors import`.
public struct MonitorsFeature: HostFeature {
    public let name = "monitors"
    /// Creates the feature.
    public init() {}

    public var commands: [any ParsableCommand.Type] { [MonitorsCommand.self] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        let monitors = MonitorService(store: core.store, probes: core.probes, events: core.events)
        return FeatureParts(routes: [MonitorRoutes(monitors: monitors, tenants: core.tenants, decoding: core.decoding)])
    }
}

/// `/api/v1/probes`: one probe run now (streamed for traces), and the history of such runs.
public struct ProbesFeature: HostFeature {
    public let name = "probes"
    /// Creates the feature.
    public init() {}

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        FeatureParts(routes: [ProbeRoutes(probes: core.probes, store: core.store, tenants: core.tenants, decoding: core.decoding)])
    }
}

/// Accounts, tenants and API keys: `/api/v1/auth`, `/api/v1/users`, `/api/v1/tenants`,
/// `/api/v1/apikeys`, and the `vantage user`, `api-key` and `tenant` commands.
public struct IdentityFeature: HostFeature {
    public let name = "identity"
    /// Creates the feature.
    public init() {}

    public var commands: [any ParsableCommand.Type] { [UserCommand.self, APIKeyCommand.self, TenantCommand.self] }

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        FeatureParts(routes: [
            AuthRoutes(store: core.store, passwordAccounts: core.passwordAccounts, decoding: core.decoding),
            TenantRoutes(store: core.store, tenants: core.tenants, events: core.events, decoding: core.decoding),
            APIKeyRoutes(store: core.store, tenants: core.tenants, events: core.events, apiKeyIssuer: core.apiKeyIssuer, decoding: core.decoding),
        ])
    }
}

/// The features of the standard `vantage` build.
public enum HostFeatures {
    /// Monitors, one-shot probes, SSH hosts with their metrics, trace runs, alerting, agents and identity: what
    /// `vantage serve` offers by default.
    public static var standard: [any HostFeature] {
        [MonitorsFeature(), ProbesFeature(), HostsFeature(), HostMetricsFeature(), TracesFeature(), AlertingFeature(), AgentsFeature(), IngestFeature(),
         PushFeature(), DashboardFeature(), StreamFeature(), IdentityFeature(), StatusPagesFeature(), WebFeature()]
    }
}
