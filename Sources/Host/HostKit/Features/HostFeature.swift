import ArgumentParser
import Kernel
import ServiceLifecycle

/// A part of a Vantage server that a host includes or leaves out: monitors, one-shot probes,
/// identity, and later alerting, agents, ingestion, the live stream and the web UI.
///
/// A feature is one folder and one line in the host's feature list (`HostFeatures.standard`,
/// or the list a custom host passes to `VantageCLI.main`). From the assembled core
/// (`HostServices`: store, probes, bus, scheduler, tenants, authenticators, settings) it
/// builds its own HTTP-free services, the route groups that use them, and any background
/// services; it names the store capabilities it needs, and may add CLI commands.
///
/// ```swift
/// struct StatusPagesFeature: HostFeature {
///     let name = "status-pages"
///     func assemble(_ core: HostServices) async throws -> FeatureParts {
///         FeatureParts(routes: [StatusPageRoutes(store: core.store)])
///     }
/// }
/// ```
public protocol HostFeature: Sendable {
    /// A short name for messages: "monitors".
    var name: String { get }
    /// Store capabilities the feature needs; the host refuses to start it with a store that
    /// lacks one, naming both. Default: none.
    var requiredStoreCapabilities: [StoreCapability] { get }
    /// Commands the feature adds under `vantage` (`vantage user ...`). Default: none.
    var commands: [any ParsableCommand.Type] { get }
    /// Builds the feature's routes and services from the assembled core.
    func assemble(_ core: HostServices) async throws -> FeatureParts
}

extension HostFeature {
    public var requiredStoreCapabilities: [StoreCapability] { [] }
    public var commands: [any ParsableCommand.Type] { [] }
}

/// What a feature adds to a running server.
public struct FeatureParts: Sendable {
    /// Route groups served by the HTTP API.
    public var routes: [any RouteGroup]
    /// Background services, started after the store and the scheduler, stopped before them.
    public var services: [any Service]
    /// WebSocket routes served on the API's port.
    public var webSockets: [any WebSocketRouteGroup]

    /// Creates the parts.
    public init(routes: [any RouteGroup] = [], services: [any Service] = [], webSockets: [any WebSocketRouteGroup] = []) {
        self.routes = routes
        self.services = services
        self.webSockets = webSockets
    }
}
