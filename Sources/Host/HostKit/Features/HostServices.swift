import Kernel
import Logging
import Prometheus

/// The assembled core a host feature builds from (`HostFeature.assemble`): the store, the
/// enabled probes, the bus, the scheduler, metrics, tenancy, authenticators and API settings.
public struct HostServices: Sendable {
    /// The store.
    public let store: any Store
    /// The enabled probes.
    public let probes: ProbeDirectory
    /// The enabled collectors, in `Plugins.json` order.
    public let collectors: [CollectorRunner]
    /// The event bus.
    public let events: EventBus
    /// The scheduler, for readiness.
    public let scheduler: Scheduler
    /// The metrics registry `/metrics` renders.
    public let metrics: PrometheusCollectorRegistry
    /// Which tenant each request acts in, and whether it may.
    public let tenants: TenantResolver
    /// The enabled authenticators, in the order they are tried.
    public let authenticators: [any Authenticator]
    /// Password accounts, when an authenticator offers them (`auth.password`).
    public let passwordAccounts: (any PasswordAccounts)?
    /// API key minting, when an authenticator offers it (`auth.api_key`).
    public let apiKeyIssuer: (any APIKeyIssuer)?
    /// Whether `/metrics` answers without authentication.
    public let publicMetrics: Bool
    /// Whether `/metrics` exports each monitor's latest result.
    public let monitorMetrics: Bool
    /// Body and query decoding with limits.
    let decoding: RequestDecoding
    /// Request-rate limits per client.
    public let rateLimits: [RateLimitRule]
    /// Cross-origin access.
    public let cors: CORSSettings
    /// How hosts' metrics are collected and kept (`collection` in `Plugins.json`).
    public let collection: CollectionSettings
    /// The enabled notifiers, by instance name in `Plugins.json` order.
    public let notifiers: [NotifierRunner]
    /// How alerts are evaluated and delivered (`alerting` in `Plugins.json`).
    public let alerting: AlertingSettings
    /// How agents are admitted (`agents` in `Plugins.json`).
    public let agents: AgentSettings
    /// Limits on what producers push (`ingest` in `Plugins.json`).
    public let ingest: IngestSettings
    /// The live stream's settings (`stream` in `Plugins.json`).
    public let stream: StreamSettings
    /// The shared secret agents enrol with (`AgentSettings.sharedSecret`); nil: enrolment is off.
    let agentSecret: String?
    /// This server's name (leases, delivery claims).
    public let serverID: String
    /// The directory SSH key files must lie in (`server.sshKeyDirectory`).
    public let sshKeyDirectory: String?
    /// The API's logger.
    public let logger: Logger
}
