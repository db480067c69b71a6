import Kernel

/// The contents of `Plugins.json`: host settings and the plugin instances to run.
public struct VantageConfiguration: Codable, Sendable, Hashable {
    /// HTTP server and data settings.
    public var server: ServerSettings
    /// Scheduler settings.
    public var scheduler: SchedulerSettings
    /// How long results are kept.
    public var retention: RetentionSettings
    /// How SSH hosts' metrics are collected and how long they are kept.
    public var collection: CollectionSettings
    /// How alerts are evaluated and delivered.
    public var alerting: AlertingSettings
    /// How agents are admitted.
    public var agents: AgentSettings
    /// Limits on what producers push.
    public var ingest: IngestSettings
    /// The live WebSocket stream.
    public var stream: StreamSettings
    /// Plugin instances, in start order within their role.
    public var plugins: [PluginEntry]

    /// Creates a configuration.
    public init(server: ServerSettings = .init(), scheduler: SchedulerSettings = .init(),
                retention: RetentionSettings = .init(), collection: CollectionSettings = .init(), alerting: AlertingSettings = .init(),
                agents: AgentSettings = .init(), ingest: IngestSettings = .init(), stream: StreamSettings = .init(), plugins: [PluginEntry]) {
        self.agents = agents
        self.ingest = ingest
        self.stream = stream
        self.server = server
        self.scheduler = scheduler
        self.retention = retention
        self.collection = collection
        self.alerting = alerting
        self.plugins = plugins
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        server = try container.decodeIfPresent(ServerSettings.self, forKey: .server) ?? .init()
        scheduler = try container.decodeIfPresent(SchedulerSettings.self, forKey: .scheduler) ?? .init()
        retention = try container.decodeIfPresent(RetentionSettings.self, forKey: .retention) ?? .init()
        collection = try container.decodeIfPresent(CollectionSettings.self, forKey: .collection) ?? .init()
        alerting = try container.decodeIfPresent(AlertingSettings.self, forKey: .alerting) ?? .init()
        agents = try container.decodeIfPresent(AgentSettings.self, forKey: .agents) ?? .init()
        ingest = try container.decodeIfPresent(IngestSettings.self, forKey: .ingest) ?? .init()
        stream = try container.decodeIfPresent(StreamSettings.self, forKey: .stream) ?? .init()
        plugins = try container.decode([PluginEntry].self, forKey: .plugins)
    }

    /// The enabled plugin entries with their index in `plugins`.
    public var enabledPlugins: [(index: Int, entry: PluginEntry)] {
        plugins.enumerated().filter { $0.element.enabled }.map { ($0.offset, $0.element) }
    }
}

/// One plugin instance in `Plugins.json`.
public struct PluginEntry: Codable, Sendable, Hashable {
    /// The plugin id: `probe.tcp`.
    public var plugin: String
    /// The instance name; for probes, the monitor kind. Default: the id's name (`tcp`).
    public var name: String
    /// Whether it runs. Default true.
    public var enabled: Bool
    /// The plugin's settings, decoded strictly by the plugin. Default `{}`.
    public var config: JSONValue

    /// Creates an entry.
    public init(plugin: String, name: String? = nil, enabled: Bool = true, config: JSONValue = .emptyObject) {
        self.plugin = plugin
        self.name = name ?? PluginEntry.defaultName(for: plugin)
        self.enabled = enabled
        self.config = config
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plugin = try container.decode(String.self, forKey: .plugin)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? PluginEntry.defaultName(for: plugin)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        config = try container.decodeIfPresent(JSONValue.self, forKey: .config) ?? .emptyObject
    }

    static func defaultName(for plugin: String) -> String {
        plugin.split(separator: ".", maxSplits: 1).last.map(String.init) ?? plugin
    }
}

/// The `server` section.
public struct ServerSettings: Codable, Sendable, Hashable {
    /// `host:port` the HTTP API listens on. Default `127.0.0.1:8080`.
    public var listen: String
    /// Directory for data files (the SQLite database). Default `./data`.
    public var dataDirectory: String
    /// Largest accepted request body in bytes. Default 1 MiB.
    public var maxBodyBytes: Int
    /// Request-rate limits per client. Default: 50 one-shot probes per hour.
    public var rateLimits: [RateLimitRule]
    /// Cross-origin access. Default: none.
    public var cors: CORSSettings
    /// Serve `/metrics` without authentication (for a Prometheus on a trusted network). Default false.
    public var publicMetrics: Bool
    /// Export each monitor's latest result on `/metrics` (`vantage_monitor_*` and the probes'
    /// own series, about five per monitor). Default true; turn it off past some 100,000
    /// monitors, where the page would run to hundreds of megabytes.
    public var monitorMetrics: Bool
    /// The directory SSH hosts' `credentials.privateKeyFile` must lie in (symbolic links are
    /// followed before the check). Default none: key files are refused, keys are pasted.
    public var sshKeyDirectory: String?

    /// Creates settings with the documented defaults.
    public init(listen: String = "127.0.0.1:8080", dataDirectory: String = "./data", maxBodyBytes: Int = 1 << 20,
                rateLimits: [RateLimitRule] = RateLimitRule.defaults, cors: CORSSettings = .init(), publicMetrics: Bool = false,
                monitorMetrics: Bool = true, sshKeyDirectory: String? = nil) {
        self.listen = listen
        self.dataDirectory = dataDirectory
        self.maxBodyBytes = maxBodyBytes
        self.rateLimits = rateLimits
        self.cors = cors
        self.publicMetrics = publicMetrics
        self.monitorMetrics = monitorMetrics
        self.sshKeyDirectory = sshKeyDirectory
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listen = try container.decodeIfPresent(String.self, forKey: .listen) ?? "127.0.0.1:8080"
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? "./data"
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? 1 << 20
        rateLimits = try container.decodeIfPresent([RateLimitRule].self, forKey: .rateLimits) ?? RateLimitRule.defaults
        cors = try container.decodeIfPresent(CORSSettings.self, forKey: .cors) ?? .init()
        publicMetrics = try container.decodeIfPresent(Bool.self, forKey: .publicMetrics) ?? false
        monitorMetrics = try container.decodeIfPresent(Bool.self, forKey: .monitorMetrics) ?? true
        sshKeyDirectory = try container.decodeIfPresent(String.self, forKey: .sshKeyDirectory)
        if let sshKeyDirectory, !sshKeyDirectory.hasPrefix("/") {
            throw DecodingError.dataCorruptedError(forKey: .sshKeyDirectory, in: container, debugDescription: "must be an absolute path")
        }
        if (try? ListenAddress(parsing: listen)) == nil {
            throw DecodingError.dataCorruptedError(forKey: .listen, in: container, debugDescription: "expected host:port, got '\(listen)'")
        }
        if !(1024...(64 << 20)).contains(maxBodyBytes) {
            throw DecodingError.dataCorruptedError(forKey: .maxBodyBytes, in: container, debugDescription: "must be 1024 to 67108864")
        }
    }
}

/// The `retention` section.
public struct RetentionSettings: Codable, Sendable, Hashable {
    /// Days results are kept. Default 90.
    public var days: Int
    /// Days log lines are kept (by their time). Default 30.
    public var logDays: Int

    /// Creates settings.
    public init(days: Int = 90, logDays: Int = 30) {
        self.days = days
        self.logDays = logDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        days = try container.decodeIfPresent(Int.self, forKey: .days) ?? 90
        logDays = try container.decodeIfPresent(Int.self, forKey: .logDays) ?? 30
        if !(1...3650).contains(days) {
            throw DecodingError.dataCorruptedError(forKey: .days, in: container, debugDescription: "must be 1 to 3650")
        }
        if !(1...3650).contains(logDays) {
            throw DecodingError.dataCorruptedError(forKey: .logDays, in: container, debugDescription: "must be 1 to 3650")
        }
    }
}

/// A parsed `host:port` to listen on.
public struct ListenAddress: Sendable, Hashable {
    /// Host or IP.
    public var host: String
    /// Port, 0 for any free port.
    public var port: Int

    /// Parses `host:port` or `[v6]:port`.
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError(path: "$.server.listen", message: "expected host:port, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigurationError(path: "$.server.listen", message: "missing host in '\(text)'") }
        self.host = host
        self.port = port
    }
}
