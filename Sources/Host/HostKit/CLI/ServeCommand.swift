import ArgumentParser
import Foundation
import Kernel
import Logging

/// `vantage serve`: runs the server until SIGTERM or SIGINT.
struct ServeCommand: HostCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Vantage server.")

    @OptionGroup var file: ConfigFileOption

    @Option(name: .long, help: "host:port to listen on (overrides server.listen).")
    var listen: String?

    @Option(name: .customLong("data-dir"), help: "Directory for data files (overrides server.dataDirectory).")
    var dataDirectory: String?

    @Option(name: .long, help: ArgumentHelp("The store, instead of the one Plugins.json enables: sqlite:PATH, postgres://USER@HOST/DB or postgres:CONNINFO.",
                                            valueName: "location"))
    var store: String?

    @Option(name: .customLong("server-id"), help: "This server's name in monitor leases when several servers share PostgreSQL (default VANTAGE_SERVER_ID, else host name and port).")
    var serverID: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["VANTAGE_LOG_LEVEL"] ?? "info"

    func run(host: HostComposition) async throws {
        let catalog = host.catalog
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw Kernel.ValidationError(field: "--log-level", "unknown level '\(logLevel)'", allowedValues: Logger.Level.allCases.map(\.rawValue))
        }
        var configuration = try ConfigurationLoader(catalog: catalog).load(path: file.config)
        if let listen {
            _ = try ListenAddress(parsing: listen)
            configuration.server.listen = listen
        }
        if let dataDirectory { configuration.server.dataDirectory = dataDirectory }
        if let store {
            configuration = try StoreLocation(parsing: store, field: "--store").applied(to: configuration, catalog: catalog)
            try ConfigurationLoader(catalog: catalog).validate(configuration)
        }
        var logger = Logger(label: "vantage")
        logger.logLevel = level
        let server: VantageHost
        do {
            server = try await VantageHost.assemble(configuration: configuration, catalog: catalog, features: host.features, logger: logger, serverID: serverID)
        } catch let error as ConfigurationError where store != nil && error.path.hasPrefix("$.plugins[0]") {
            // The store came from --store, not from the file: say so.
            throw Kernel.ValidationError(field: "--store", error.message)
        } catch let error as ConfigurationError {
            throw error.file == nil ? error.inFile(file.config) : error
        }
        try await server.run()
    }
}
