import Foundation
import Kernel

/// Reads `Plugins.json`, applies `VANTAGE_*` environment overrides, decodes it strictly and
/// checks every plugin entry against the catalog. Every error names the file, the JSON path
/// and the allowed values.
public struct ConfigurationLoader: Sendable {
    /// The compiled-in plugins.
    public let catalog: PluginCatalog
    /// The environment to read overrides from.
    public let environment: [String: String]

    /// Creates a loader.
    public init(catalog: PluginCatalog, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.catalog = catalog
        self.environment = environment
    }

    /// Loads and validates the file at `path`; `forAgent`: for `vantage agent`, which needs
    /// neither a store nor an authenticator (it constructs only the probe plugins).
    public func load(path: String, forAgent: Bool = false) throws -> VantageConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, path: "$", message: "cannot read the file (does it exist? pass --config FILE)")
        }
        do {
            return try load(data: data, forAgent: forAgent)
        } catch let error as ConfigurationError {
            throw error.inFile(path)
        }
    }

    /// Loads and validates a document.
    public func load(data: Data, forAgent: Bool = false) throws -> VantageConfiguration {
        var document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw ConfigurationError(path: "$", message: "not valid JSON: \(Self.syntaxHint(error))")
        }
        document = try EnvironmentOverrides(environment: environment).apply(to: document)
        let configuration = try StrictDecoder.decode(VantageConfiguration.self, from: document)
        try validate(configuration, forAgent: forAgent)
        return configuration
    }

    /// Checks plugin ids, instance names, plugin settings and, for a server, that an
    /// authenticator and exactly one store are enabled.
    public func validate(_ configuration: VantageConfiguration, forAgent: Bool = false) throws {
        var names: [PluginRole: Set<String>] = [:]
        for (index, entry) in configuration.plugins.enumerated() {
            guard let registration = catalog.registration(for: entry.plugin) else {
                throw ConfigurationError(path: "$.plugins[\(index)].plugin", message: "unknown plugin '\(entry.plugin)'", allowedValues: catalog.ids)
            }
            guard entry.enabled else { continue }
            let validName = !entry.name.isEmpty && entry.name.count <= 64
                && entry.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard validName else {
                throw ConfigurationError(path: "$.plugins[\(index)].name", message: "must be 1 to 64 letters, digits, '-' or '_'")
            }
            guard names[registration.role, default: []].insert(entry.name).inserted else {
                throw ConfigurationError(path: "$.plugins[\(index)].name", message: "another enabled \(registration.role.rawValue) plugin is already named '\(entry.name)'")
            }
            try registration.check(configuration: entry.config, path: "$.plugins[\(index)].config")
        }
        if forAgent { return }
        let authenticators = configuration.enabledPlugins.filter { catalog.registration(for: $0.entry.plugin)?.role == .auth }
        guard !authenticators.isEmpty else {
            let available = catalog.registrations.filter { $0.role == .auth }.map(\.id.rawValue)
            throw ConfigurationError(path: "$.plugins", message: "no authenticator is enabled: every API route needs one", allowedValues: available)
        }
        let stores = configuration.enabledPlugins.filter { catalog.registration(for: $0.entry.plugin)?.role == .store }
        guard stores.count == 1 else {
            let available = catalog.registrations.filter { $0.role == .store }.map(\.id.rawValue)
            throw ConfigurationError(path: "$.plugins", message: "exactly one store plugin must be enabled, found \(stores.count)", allowedValues: available)
        }
    }

    private static func syntaxHint(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}
