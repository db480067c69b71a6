import Kernel
import Logging
import Prometheus

/// What the API routes use: the assembled store, probes, bus, scheduler and metrics.
public struct HostServices: Sendable {
    /// The store.
    public let store: any Store
    /// The enabled probes.
    public let probes: ProbeDirectory
    /// The event bus.
    public let events: EventBus
    /// The scheduler, for readiness.
    public let scheduler: Scheduler
    /// The metrics registry `/metrics` renders.
    public let metrics: PrometheusCollectorRegistry
    /// Who each request acts as.
    public let tenants: TenantResolver
    /// Body and query decoding with limits.
    let decoding: RequestDecoding
    /// Request-rate limits per client.
    public let rateLimits: [RateLimitRule]
    /// Cross-origin access.
    public let cors: CORSSettings
    /// The API's logger.
    public let logger: Logger
}
