import ServiceLifecycle

/// How the host knows a compiled-in plugin: its id, summary, and how to check its
/// configuration and construct it. Made with `.probe(TCPProbe.self)`, `.store(SQLiteStore.self)`.
public struct PluginRegistration: Sendable {
    /// The plugin's id.
    public let id: PluginID
    /// The role the plugin was registered for.
    public let role: PluginRole
    /// One line saying what it does.
    public let summary: String
    /// For probes: other kinds it answers to under its default name (`ping` for `probe.icmp`).
    public let kindAliases: [String]
    /// Store capabilities it needs beside the core (`Plugin.requiredStoreCapabilities`).
    public let requiredStoreCapabilities: [StoreCapability]
    /// For probes that conform to `ReportingProbe`: their command-line flags, argument and
    /// report; nil otherwise.
    public let reporting: ProbeReporting?
    /// For probes: the metrics they declare (`Probe.metrics`); empty otherwise.
    public let probeMetrics: [ProbeMetric]
    private let checkBody: @Sendable (JSONValue, String) throws -> Void
    private let constructBody: @Sendable (JSONValue, String, PluginContext) async throws -> ConstructedPlugin

    private init<P: Plugin>(
        _ type: P.Type, role: PluginRole, kindAliases: [String] = [], reporting: ProbeReporting? = nil, probeMetrics: [ProbeMetric] = [],
        wrap: @escaping @Sendable (P, PluginContext) -> PluginInstance
    ) {
        self.reporting = reporting
        self.probeMetrics = probeMetrics
        self.id = P.id
        self.role = role
        self.summary = P.summary
        self.kindAliases = kindAliases
        self.requiredStoreCapabilities = P.requiredStoreCapabilities
        self.checkBody = { config, path in _ = try StrictDecoder.decode(P.Configuration.self, from: config, path: path) }
        self.constructBody = { config, path, context in
            let configuration = try StrictDecoder.decode(P.Configuration.self, from: config, path: path)
            let plugin = try await P(configuration: configuration, context: context)
            var close: (@Sendable () async -> Void)?
            if let closable = plugin as? any ClosablePlugin { close = { await closable.close() } }
            return ConstructedPlugin(instance: wrap(plugin, context), service: plugin as? any Service, close: close)
        }
    }

    /// Registers a probe; monitors name it by its instance name.
    public static func probe<P: Probe>(_ type: P.Type) -> PluginRegistration {
        let reporting = (P.self as? any ReportingProbe.Type).map { ProbeReporting($0) }
        return PluginRegistration(type, role: .probe, kindAliases: P.kindAliases, reporting: reporting, probeMetrics: P.metrics) { plugin, context in
            .probe(ProbeRunner(plugin, kind: context.instanceName))
        }
    }

    /// Registers a store.
    public static func store<P: Store>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(type, role: .store) { plugin, _ in .store(plugin) }
    }

    /// Registers a collector.
    public static func collector<P: Collector>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(type, role: .collector) { plugin, context in .collector(CollectorRunner(plugin, name: context.instanceName)) }
    }

    /// Registers a notifier.
    public static func notifier<P: Notifier>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(type, role: .notifier) { plugin, context in .notifier(NotifierRunner(plugin, name: context.instanceName)) }
    }

    /// Registers an enricher.
    public static func enricher<P: Enricher>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(type, role: .enricher) { plugin, context in .enricher(EnricherRunner(plugin, name: context.instanceName)) }
    }

    /// Registers an authenticator.
    public static func authenticator<P: Authenticator>(_ type: P.Type) -> PluginRegistration {
        PluginRegistration(type, role: .auth) { plugin, _ in .authenticator(plugin) }
    }

    /// Decodes a configuration without constructing anything; throws `ConfigurationError`
    /// with paths under `path`.
    public func check(configuration: JSONValue, path: String) throws {
        try checkBody(configuration, path)
    }

    /// Decodes the configuration and constructs the plugin.
    public func construct(configuration: JSONValue, path: String, context: PluginContext) async throws -> ConstructedPlugin {
        try await constructBody(configuration, path, context)
    }
}

/// What a `ReportingProbe` tells `vantage probe`, captured at registration.
public struct ProbeReporting: Sendable {
    /// The probe's flags.
    public let flags: [ProbeFlag]
    /// The positional argument after the target, if any.
    public let argument: ProbeArgument?
    private let make: @Sendable () -> any ProbeReport

    init(_ type: any ReportingProbe.Type) {
        flags = type.commandLineFlags
        argument = type.commandLineArgument
        make = { type.makeReport() }
    }

    /// A new report for one run.
    public func makeReport() -> any ProbeReport { make() }
}
