import CoreMetrics
import Hummingbird
import Kernel
import Prometheus
import ServiceLifecycle

/// `GET /api/v1/ws`: a live WebSocket stream of one tenant's results, status changes, host
/// readings, connections, metrics, log lines, alerts and agent events, with bootstraps and periodic
/// statistics (see docs/live-stream.md).
public struct StreamFeature: HostFeature {
    public let name = "live stream"
    /// Creates the feature.
    public init() {}

    public func assemble(_ core: HostServices) async throws -> FeatureParts {
        let hub = StreamHub(events: core.events, logger: core.logger)
        let factory = PrometheusMetricsFactory(registry: core.metrics)
        let gateway = StreamGateway(hub: hub, settings: core.stream, authenticators: core.authenticators, tenants: core.tenants, store: core.store,
                                    logger: core.logger, dropped: Counter(label: "vantage_stream_clients_dropped_total", factory: factory))
        return FeatureParts(routes: [StreamRoutes()], services: [StreamHubService(hub: hub)], webSockets: [StreamSocketRoutes(gateway: gateway)])
    }
}

/// `/api/v1/ws` as a WebSocket.
struct StreamSocketRoutes: WebSocketRouteGroup {
    let gateway: StreamGateway

    func register(on router: Router<WebSocketUpgradeContext>) {
        router.ws("api/v1/ws") { inbound, outbound, context in await gateway.serve(inbound, outbound, context) }
    }
}

/// `/api/v1/ws` without an upgrade: 426, naming what to do.
struct StreamRoutes: RouteGroup {
    var publicPaths: [PathPattern] { ["/api/v1/ws"] }

    func register(on router: Router<APIRequestContext>) {
        router.get("api/v1/ws") { _, _ -> Response in
            throw Problem(status: .upgradeRequired, detail: "the live stream is a WebSocket: connect with an upgrade and Authorization or X-API-Key")
        }
    }
}

/// Stops the hub's bus subscriptions when the server shuts down.
struct StreamHubService: Service {
    let hub: StreamHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.stop()
    }
}
