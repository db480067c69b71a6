import Foundation
import Hummingbird
import HummingbirdWebSocket
import Kernel
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import UnixSignals

/// A Vantage server assembled from a configuration: the store, the plugins, the scheduler,
/// retention and the HTTP API, run as one service group.
///
/// Start order: store, other plugin services, scheduler, retention, HTTP server; shutdown
/// runs in reverse, so the scheduler flushes its results before the store stops.
public struct VantageHost: Sendable {
    /// The configuration it was assembled from.
    public let configuration: VantageConfiguration
    /// What the API routes use.
    public let services: HostServices
    /// The route groups of the host's features.
    public let routes: [any RouteGroup]
    /// The WebSocket route groups of the host's features.
    public let webSockets: [any WebSocketRouteGroup]
    private let pluginServices: [any Service]
    private let featureServices: [any Service]
    private let retention: RetentionService

    /// Constructs every enabled plugin (the store first), the scheduler and every feature;
    /// starts nothing.
    /// - Parameters:
    ///   - features: the host features to serve (default `HostFeatures.standard`); each is
    ///     refused, naming it and the store, when the store lacks a capability it needs.
    ///   - serverID: this server's name in monitor leases (a shared PostgreSQL store);
    ///     default `VANTAGE_SERVER_ID`, else the host name and listening port.
    public static func assemble(configuration: VantageConfiguration, catalog: PluginCatalog,
                                features: [any HostFeature] = HostFeatures.standard, logger: Logger,
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                serverID: String? = nil) async throws -> VantageHost {
        let dataDirectory = configuration.server.dataDirectory
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(path: "$.server.dataDirectory", message: "cannot create '\(dataDirectory)': \(error.localizedDescription)")
        }
        // What the plugins constructed so far acquired (connection pools): released when
        // anything after them fails, so a refused configuration leaves nothing open.
        var closers: [@Sendable () async -> Void] = []
        do {
            let events = EventBus()
            let sealer = try AESGCMSecretSealer.load(dataDirectory: dataDirectory, environment: environment)
            var store: (any Store)?
            var runners: [ProbeRunner] = []
            var collectors: [CollectorRunner] = []
            var notifiers: [NotifierRunner] = []
            var authenticators: [any Authenticator] = []
            var enrichers: [EnricherRunner] = []
            var pluginServices: [any Service] = []
            // The store first; everything else in the order Plugins.json lists it (the order
            // matters: authenticators are tried in it).
            let isStore = { (item: (index: Int, entry: PluginEntry)) in catalog.registration(for: item.entry.plugin)?.role == .store }
            let ordered = configuration.enabledPlugins.filter(isStore) + configuration.enabledPlugins.filter { !isStore($0) }
            for (index, entry) in ordered {
                guard let registration = catalog.registration(for: entry.plugin) else {
                    throw ConfigurationError(path: "$.plugins[\(index)].plugin", message: "unknown plugin '\(entry.plugin)'", allowedValues: catalog.ids)
                }
                if let store {
                    try StoreRequirements.check(registration.requiredStoreCapabilities, of: entry.plugin, store: store, path: "$.plugins[\(index)].plugin")
                }
                var pluginLogger = logger
                pluginLogger[metadataKey: "plugin"] = "\(entry.plugin)/\(entry.name)"
                let context = PluginContext(instanceName: entry.name, logger: pluginLogger, dataDirectory: dataDirectory, events: events,
                                            identity: store.map(IdentityRecords.init),
                                            hosts: (store as? any HostStore).map {
                                                RemoteHostDirectory(repository: $0.hosts, sealer: sealer, keyDirectory: configuration.server.sshKeyDirectory)
                                            },
                                            pushes: (store as? any PushStore)?.pushes,
                                            environment: environment)
                let constructed: ConstructedPlugin
                do {
                    constructed = try await registration.construct(configuration: entry.config, path: "$.plugins[\(index)].config", context: context)
                } catch let error as ConfigurationError {
                    throw error.path.hasPrefix("$.plugins") ? error : error.prefixed(with: "$.plugins[\(index)].config")
                } catch {
                    throw ConfigurationError(path: "$.plugins[\(index)]", message: "plugin \(entry.plugin) could not start: \(error)")
                }
                if let close = constructed.close { closers.append(close) }
                if let service = constructed.service { pluginServices.append(service) }
                switch constructed.instance {
                case .store(let constructedStore): store = constructedStore
                case .probe(let runner): runners.append(runner)
                case .authenticator(let authenticator): authenticators.append(authenticator)
                case .collector(let collector): collectors.append(collector)
                case .notifier(let notifier): notifiers.append(notifier)
                case .enricher(let enricher): enrichers.append(enricher)
                }
            }
            guard let store else { throw ConfigurationError(path: "$.plugins", message: "no store plugin is enabled") }
            let tenants = TenantResolver(store: store)
            let registry = PrometheusCollectorRegistry()
            let probes = ProbeDirectory(runners, sealer: sealer, enrichment: AddressEnrichment(enrichers))
            let server = serverID ?? environment["VANTAGE_SERVER_ID"] ?? ServerIdentity.default(listen: configuration.server.listen)
            let spool = try ResultSpoolFile.load(dataDirectory: dataDirectory, settings: configuration.scheduler, logger: logger)
            let scheduler = Scheduler(store: store, probes: probes, events: events, settings: configuration.scheduler,
                                      logger: logger, metricsFactory: PrometheusMetricsFactory(registry: registry), serverID: server,
                                      spool: spool, serverIsALocation: features.contains { $0 is AgentsFeature })
            if let relay = (store as? any EventRelayStore)?.eventRelay {
                pluginServices.append(EventRelayService(bus: events, relay: relay, serverID: server, logger: logger))
            }
            let services = HostServices(store: store, probes: probes, collectors: collectors, events: events, scheduler: scheduler, metrics: registry,
                                        tenants: tenants, authenticators: authenticators,
                                        passwordAccounts: authenticators.lazy.compactMap { $0 as? any PasswordAccounts }.first,
                                        apiKeyIssuer: authenticators.lazy.compactMap { $0 as? any APIKeyIssuer }.first,
                                        publicMetrics: configuration.server.publicMetrics,
                                        monitorMetrics: configuration.server.monitorMetrics, decoding: RequestDecoding(maxBodyBytes: configuration.server.maxBodyBytes),
                                        rateLimits: configuration.server.rateLimits, cors: configuration.server.cors,
                                        collection: configuration.collection, notifiers: notifiers, alerting: configuration.alerting,
                                        agents: configuration.agents, ingest: configuration.ingest, stream: configuration.stream, agentSecret: try configuration.agents.sharedSecret(environment: environment),
                                        serverID: server, sshKeyDirectory: configuration.server.sshKeyDirectory, logger: logger)
            var routes: [any RouteGroup] = []
            var featureServices: [any Service] = []
            var webSockets: [any WebSocketRouteGroup] = []
            for feature in features {
                try StoreRequirements.check(feature.requiredStoreCapabilities, of: "the \(feature.name) feature", store: store, path: "$.plugins")
                let parts = try await feature.assemble(services)
                routes += parts.routes
                featureServices += parts.services
                webSockets += parts.webSockets
            }
            return VantageHost(configuration: configuration, services: services, routes: routes, webSockets: webSockets, pluginServices: pluginServices,
                               featureServices: featureServices,
                               retention: RetentionService(store: store, days: configuration.retention.days,
                                                          idempotencyKeyHours: configuration.ingest.idempotencyKeyHours, logDays: configuration.retention.logDays,
                                                          logger: logger))
        } catch {
            for close in closers.reversed() { await close() }
            throw error
        }
    }

    /// The HTTP API's router: the core routes and every feature's.
    public func router() -> Router<APIRequestContext> { APIRouter.make(services, routes: routes) }

    /// Runs until cancelled or, with `signals`, until one arrives; `onListening` receives the
    /// bound port (useful with port 0).
    public func run(signals: [UnixSignal] = [.sigterm, .sigint], onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let listen = try ListenAddress(parsing: configuration.server.listen)
        let logger = services.logger
        let webSocketRouter = Router(context: WebSocketUpgradeContext.self)
        for group in webSockets { group.register(on: webSocketRouter) }
        let app = Application(
            router: router(),
            server: webSockets.isEmpty ? .http1()
                : .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: .init(maxFrameSize: 4 << 20))),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "vantage"),
            services: pluginServices + [services.scheduler, retention] + featureServices,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                logger.info("vantage is listening", metadata: ["address": "\(listen.host):\(port)"])
                await onListening(port)
            },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: signals, logger: logger))
        try await group.run()
    }
}
