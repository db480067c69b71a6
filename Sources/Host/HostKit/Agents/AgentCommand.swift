import ArgumentParser
import Foundation
import Kernel
import CoreMetrics
import Logging
import ServiceLifecycle
import Spool
import UnixSignals

/// `vantage agent`: runs this binary as an agent of a server, dialling out to it.
struct AgentCommand: HostCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Run as an agent that dials out to a Vantage server.",
        discussion: """
            The shared secret comes from VANTAGE_AGENT_SECRET or --secret-file, never from the command line. \
            The probes are those --config enables (other plugins are ignored); without the file, every built-in \
            probe with its defaults. On its first start the agent makes a UUID and keeps it in --data-dir, then appears as pending on the \
            server until an operator approves it (vantage agents approve ID --tenant TENANT); it then receives \
            a credential of its own, kept in --data-dir, and no longer needs the secret.
            """)

    @Option(help: "The server's API address: https://vantage.example.com or http://HOST:PORT.") var server: String
    @Option(name: .customLong("data-dir"), help: "Where the agent keeps its UUID and credential.") var dataDirectory: String
    @Option(help: "The agent's name (default: this machine's host name).") var name: String?
    @Option(name: .customLong("ca-file"), help: "PEM certificates to verify an https:// server with, instead of the system's.") var caFile: String?
    @Option(name: .customLong("secret-file"), help: "A file holding the shared secret (instead of VANTAGE_AGENT_SECRET).") var secretFile: String?
    @Option(name: .customLong("spool-max-mb"), help: "The most the result spool may hold while the server is unreachable, in MiB (oldest dropped first).")
    var spoolMaxMegabytes = 256
    @Option(name: .customLong("spool-max-age-hours"), help: "The oldest a spooled result may be before it is dropped, in hours.")
    var spoolMaxAgeHours = 168.0
    @OptionGroup var file: ConfigFileOption
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["VANTAGE_LOG_LEVEL"] ?? "info"

    func run(host: HostComposition) async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw Kernel.ValidationError(field: "--log-level", "unknown level '\(logLevel)'", allowedValues: Logger.Level.allCases.map(\.rawValue))
        }
        let endpoint = try AgentEndpoint(server: server, caFile: caFile)
        let settings = AgentSettings(secretFile: secretFile)
        let secret: String?
        do {
            secret = try settings.sharedSecret(environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigurationError {
            throw Kernel.ValidationError(field: error.path == "$.agents.secretFile" ? "--secret-file" : error.path, error.message)
        }
        let configuration: VantageConfiguration
        if file.config == "Plugins.json", !FileManager.default.fileExists(atPath: file.config) {
            // No Plugins.json: every built-in probe with its defaults.
            configuration = VantageConfiguration(plugins: host.catalog.registrations.filter { $0.role == .probe }.map { PluginEntry(plugin: $0.id.rawValue) })
        } else {
            configuration = try ConfigurationLoader(catalog: host.catalog).load(path: file.config, forAgent: true)
        }
        let probes = configuration.enabledPlugins.map(\.entry).filter { host.catalog.registration(for: $0.plugin)?.role == .probe }.map(\.name)
        let identity = try AgentIdentity.open(dataDirectory)
        if secret == nil, identity.credential == nil {
            throw Kernel.ValidationError(field: "VANTAGE_AGENT_SECRET", "a new agent enrols with the shared secret: set VANTAGE_AGENT_SECRET or --secret-file")
        }
        var logger = Logger(label: "vantage.agent")
        logger.logLevel = level
        let profile = AgentClient.Profile(name: name ?? ProcessInfo.processInfo.hostName, version: BuildInfo.version, plugins: probes)
        let probeDirectory = try await AgentProbes.load(configuration, catalog: host.catalog, dataDirectory: dataDirectory, logger: logger)
        guard (1...1_048_576).contains(spoolMaxMegabytes) else { throw Kernel.ValidationError(field: "--spool-max-mb", "must be 1 to 1048576") }
        guard (0.01...87_600).contains(spoolMaxAgeHours) else { throw Kernel.ValidationError(field: "--spool-max-age-hours", "must be 0.01 to 87600") }
        let spool = try SQLiteSpool(path: (dataDirectory as NSString).appendingPathComponent("spool.sqlite"),
                                    maxBytes: Int64(spoolMaxMegabytes) << 20, maxAgeSeconds: spoolMaxAgeHours * 3600)
        let outbox = AgentOutbox(spool: spool, logger: logger)
        let scheduler = AssignedMonitorScheduler(probes: probeDirectory, sink: outbox, settings: configuration.scheduler, logger: logger,
                                                 metricsFactory: NOOPMetricsHandler.instance)
        let client = AgentClient(endpoint: endpoint, identity: identity, profile: profile, secret: secret, scheduler: scheduler,
                                 probes: probeDirectory, outbox: outbox, logger: logger)
        client.resumeLastAssignment()
        logger.info("vantage agent starting", metadata: ["agent": "\(identity.id)", "server": "\(endpoint.url)"])
        let group = ServiceGroup(configuration: .init(services: [scheduler, client], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
