import Foundation
import Kernel
import Logging

/// The probes an agent runs: the probe plugins its `Plugins.json` enables, constructed as a
/// server constructs them (other roles are left out: an agent has no store, collectors,
/// notifiers or authenticators).
enum AgentProbes {
    /// Constructs the enabled probe plugins; their data (and the sealing key) live under
    /// `dataDirectory`.
    static func load(_ configuration: VantageConfiguration, catalog: PluginCatalog, dataDirectory: String, logger: Logger,
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ProbeDirectory {
        var runners: [ProbeRunner] = []
        let events = EventBus()
        for (index, entry) in configuration.enabledPlugins {
            guard let registration = catalog.registration(for: entry.plugin), registration.role == .probe else { continue }
            var pluginLogger = logger
            pluginLogger[metadataKey: "plugin"] = "\(entry.plugin)/\(entry.name)"
            let context = PluginContext(instanceName: entry.name, logger: pluginLogger, dataDirectory: dataDirectory, events: events,
                                        environment: environment)
            let constructed = try await registration.construct(configuration: entry.config, path: "$.plugins[\(index)].config", context: context)
            if case .probe(let runner) = constructed.instance { runners.append(runner) }
        }
        return ProbeDirectory(runners, sealer: try AESGCMSecretSealer.load(dataDirectory: dataDirectory, environment: environment))
    }
}
