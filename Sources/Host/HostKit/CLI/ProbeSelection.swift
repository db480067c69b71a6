import Foundation
import Kernel
import Logging

/// Which probe `vantage probe KIND` runs, and with which plugin settings: the enabled
/// `Plugins.json` entry named KIND (as `serve` would run it), else the compiled-in probe with
/// its defaults. A disabled entry is refused rather than run behind the file's back.
struct ProbeSelection {
    let registration: PluginRegistration
    let instanceName: String
    let pluginConfig: JSONValue
    /// Where configuration errors point: the entry's path in the file, or `$`.
    let path: String
    /// The configuration file's enabled enrichers, which annotate the result as `serve` would.
    var enrichers: [EnricherEntry] = []

    /// An enabled enricher of the configuration file, with where its settings are.
    struct EnricherEntry {
        let registration: PluginRegistration
        let entry: PluginEntry
        let path: String
        let dataDirectory: String

        /// Constructs it as `serve` does.
        func construct(logger: Logger) async throws -> EnricherRunner? {
            let context = PluginContext(instanceName: entry.name, logger: logger, dataDirectory: dataDirectory, events: EventBus())
            guard case .enricher(let runner) = try await registration.construct(configuration: entry.config, path: path, context: context).instance else {
                return nil
            }
            return runner
        }
    }

    /// The enrichment stage of the selected configuration's enabled enrichers.
    func enrichment(logger: Logger) async throws -> AddressEnrichment {
        var runners: [EnricherRunner] = []
        for enricher in enrichers { if let runner = try await enricher.construct(logger: logger) { runners.append(runner) } }
        return AddressEnrichment(runners)
    }

    static func select(kind: String, catalog: PluginCatalog, configurationFile: String?) throws -> ProbeSelection {
        let probes = catalog.registrations.filter { $0.role == .probe }
        let file = configurationFile ?? "Plugins.json"
        var configuration: VantageConfiguration?
        if configurationFile != nil || FileManager.default.fileExists(atPath: file) {
            do {
                configuration = try ConfigurationLoader(catalog: catalog).load(path: file)
            } catch let error as ConfigurationError {
                let located = error.file == nil ? error.inFile(file) : error
                // A file named with --config must load; the one found in the working
                // directory may belong to another host, so it only warns.
                guard configurationFile == nil else { throw located }
                FileHandle.standardError.write(Data("warning: \(located); the probe runs with its default settings\n".utf8))
            }
            for (index, entry) in (configuration?.plugins ?? []).enumerated() {
                guard let registration = catalog.registration(for: entry.plugin), registration.role == .probe else { continue }
                let answers = entry.name == kind || (entry.name == registration.id.name && registration.kindAliases.contains(kind))
                guard answers else { continue }
                guard entry.enabled else {
                    throw Kernel.ValidationError(field: "KIND", "the probe '\(kind)' (\(entry.plugin)) is disabled in \(file)")
                }
                return ProbeSelection(registration: registration, instanceName: entry.name, pluginConfig: entry.config,
                                      path: "\(file): $.plugins[\(index)].config", enrichers: configuration.map { enrichers(of: $0, file: file, catalog: catalog) } ?? [])
            }
        }
        guard let registration = probes.first(where: { $0.id.name == kind }) ?? probes.first(where: { $0.kindAliases.contains(kind) }) else {
            throw Kernel.ValidationError(field: "KIND", "unknown probe kind '\(kind)'", allowedValues: probes.flatMap { [$0.id.name] + $0.kindAliases }.sorted())
        }
        return ProbeSelection(registration: registration, instanceName: registration.id.name, pluginConfig: .emptyObject, path: "$",
                              enrichers: configuration.map { enrichers(of: $0, file: file, catalog: catalog) } ?? [])
    }

    private static func enrichers(of configuration: VantageConfiguration, file: String, catalog: PluginCatalog) -> [EnricherEntry] {
        configuration.enabledPlugins.compactMap { index, entry in
            guard let registration = catalog.registration(for: entry.plugin), registration.role == .enricher else { return nil }
            return EnricherEntry(registration: registration, entry: entry, path: "\(file): $.plugins[\(index)].config",
                                 dataDirectory: configuration.server.dataDirectory)
        }
    }
}
