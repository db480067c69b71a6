import Hummingbird
import Prometheus

/// Builds the router of the HTTP API: every route group, with problem responses and metrics.
public enum APIRouter {
    /// The router for `services`.
    public static func make(_ services: HostServices) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware(factory: PrometheusMetricsFactory(registry: services.metrics)))
        router.add(middleware: CORSMiddleware(settings: services.cors))
        router.add(middleware: ProblemMiddleware())
        var publicPaths: Set<String> = ["/health", "/health/ready", "/api/v1/openapi.json", "/api/v1/auth/login", "/api/v1/auth/register"]
        if services.publicMetrics { publicPaths.insert("/metrics") }
        router.add(middleware: AuthMiddleware(authenticators: services.authenticators, publicPaths: publicPaths))
        router.add(middleware: RateLimitMiddleware(rules: services.rateLimits))
        HealthRoutes(services: services).register(on: router)
        MonitorRoutes(services: services).register(on: router)
        ProbeRoutes(services: services).register(on: router)
        AuthRoutes(services: services).register(on: router)
        TenantRoutes(services: services).register(on: router)
        APIKeyRoutes(services: services).register(on: router)
        // Last, so that it sees every route; it only acts on requests no route matched.
        router.add(middleware: MethodNotAllowedMiddleware(routes: RouteMethods(router.routes)))
        return router
    }
}
