import Hummingbird
import Prometheus

/// Builds the router of the HTTP API: the core routes (health, metrics, the OpenAPI
/// document) and every feature's route groups, with problem responses, metrics,
/// authentication and rate limits. Public paths come from the groups that serve them.
public enum APIRouter {
    /// The router for the assembled core and the features' route groups.
    public static func make(_ services: HostServices, routes featureRoutes: [any RouteGroup]) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware(factory: PrometheusMetricsFactory(registry: services.metrics)))
        router.add(middleware: CORSMiddleware(settings: services.cors))
        router.add(middleware: JSONCompressionMiddleware())
        router.add(middleware: ProblemMiddleware())
        let core = HealthRoutes(store: services.store, scheduler: services.scheduler, probes: services.probes, registry: services.metrics, publicMetrics: services.publicMetrics,
                                     monitorMetrics: services.monitorMetrics)
        let groups: [any RouteGroup] = [core] + featureRoutes
        router.add(middleware: AuthMiddleware(authenticators: services.authenticators, publicPaths: groups.flatMap(\.publicPaths)))
        router.add(middleware: RateLimitMiddleware(rules: services.rateLimits))
        for group in groups { group.register(on: router) }
        // Last, so that it sees every route; it only acts on requests no route matched.
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router.routes)))
        return router
    }
}
