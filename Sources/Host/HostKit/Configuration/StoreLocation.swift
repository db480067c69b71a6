import Kernel

/// A store named on the command line (`--store`, `vantage store migrate --from/--to`):
/// `sqlite:PATH`, or PostgreSQL as `postgres://…`, `postgresql://…` or `postgres:CONNINFO`.
public struct StoreLocation: Sendable, Hashable {
    /// The store plugin: `store.sqlite` or `store.postgres`.
    public var plugin: String
    /// Its configuration: `{"path": …}` or `{"url": …}`.
    public var config: JSONValue

    /// The forms accepted, for error messages.
    public static let forms = ["sqlite:PATH", "postgres://USER@HOST:PORT/DB", "postgresql://…", "postgres:CONNINFO"]

    /// A location from its parts.
    public init(plugin: String, config: JSONValue) {
        self.plugin = plugin
        self.config = config
    }

    /// Parses a location; `field` names the option in the error.
    public init(parsing text: String, field: String) throws {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError(field: field, "sqlite: needs a file path, as in sqlite:data/vantage.sqlite") }
            plugin = "store.sqlite"
            config = .object(["path": .string(path)])
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            plugin = "store.postgres"
            config = .object(["url": .string(text)])
        } else if text.hasPrefix("postgres:") {
            plugin = "store.postgres"
            config = .object(["url": .string(String(text.dropFirst("postgres:".count)))])
        } else {
            throw ValidationError(field: field, "unknown store location (only its scheme is checked here)", allowedValues: Self.forms)
        }
    }

    /// `configuration` with this store instead of the store it enables; settings of an entry
    /// of the same plugin (pool size, busy timeout) are kept, the location replaced.
    public func applied(to configuration: VantageConfiguration, catalog: PluginCatalog) throws -> VantageConfiguration {
        guard catalog.registration(for: plugin) != nil else {
            throw ValidationError(field: "--store", "this build has no \(plugin) plugin",
                                  allowedValues: catalog.registrations.filter { $0.role == .store }.map(\.id.rawValue))
        }
        var result = configuration
        var entry = PluginEntry(plugin: plugin, name: "store", config: config)
        for index in result.plugins.indices where catalog.registration(for: result.plugins[index].plugin)?.role == .store {
            if result.plugins[index].plugin == plugin, result.plugins[index].enabled, case .object(var settings) = result.plugins[index].config,
               case .object(let location) = config {
                settings.merge(location) { _, new in new }
                entry.config = .object(settings)
                entry.name = result.plugins[index].name
            }
            result.plugins[index].enabled = false
        }
        result.plugins.insert(entry, at: 0)
        return result
    }
}
