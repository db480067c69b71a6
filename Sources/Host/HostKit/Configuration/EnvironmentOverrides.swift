import Foundation
import Kernel

/// Applies `VANTAGE_*` environment variables over a configuration document.
///
/// - `VANTAGE_<SECTION>_<KEY>` sets a host setting: `VANTAGE_SERVER_LISTEN=0.0.0.0:8080`,
///   `VANTAGE_SERVER_DATA_DIRECTORY=/var/lib/vantage`, `VANTAGE_SCHEDULER_MAX_CONCURRENT_CHECKS=64`.
/// - `VANTAGE_PLUGIN_<NAME>_<KEY>` sets a key of the enabled plugin instance named `<name>`:
///   `VANTAGE_PLUGIN_SQLITE_PATH=/data/v.sqlite`.
///
/// Values are parsed as JSON when they are valid JSON (numbers, booleans) and taken as
/// strings otherwise. Keys are matched case-insensitively with underscores removed, so
/// `DATA_DIRECTORY` matches `dataDirectory`.
public struct EnvironmentOverrides: Sendable {
    /// The variables.
    public let environment: [String: String]
    /// The sections whose keys can be overridden.
    public static let sections = ["server", "scheduler", "retention", "collection", "alerting"]

    /// Creates overrides from an environment.
    public init(environment: [String: String]) { self.environment = environment }

    /// The document with every override applied.
    public func apply(to document: JSONValue) throws -> JSONValue {
        guard case .object(var root) = document else { return document }
        for (name, raw) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("VANTAGE_") {
            let rest = String(name.dropFirst("VANTAGE_".count))
            let value = parse(raw)
            if let section = Self.sections.first(where: { rest.hasPrefix($0.uppercased() + "_") }) {
                let key = String(rest.dropFirst(section.count + 1))
                var members = root[section]?.objectValue ?? [:]
                members[Self.camelCase(key)] = value
                root[section] = .object(members)
            } else if rest.hasPrefix("PLUGIN_"), case .array(var plugins)? = root["plugins"] {
                let spec = String(rest.dropFirst("PLUGIN_".count))
                for index in plugins.indices {
                    guard var entry = plugins[index].objectValue, case .string(let plugin)? = entry["plugin"] else { continue }
                    let instance: String = if case .string(let named)? = entry["name"] { named } else { PluginEntry.defaultName(for: plugin) }
                    let prefix = Self.normalise(instance) + "_"
                    guard spec.hasPrefix(prefix) else { continue }
                    let key = String(spec.dropFirst(prefix.count))
                    var config = entry["config"]?.objectValue ?? [:]
                    config[Self.camelCase(key)] = value
                    entry["config"] = .object(config)
                    plugins[index] = .object(entry)
                }
                root["plugins"] = .array(plugins)
            }
        }
        return .object(root)
    }

    private func parse(_ raw: String) -> JSONValue {
        if let parsed = try? JSONValue.parse(Data(raw.utf8)), parsed.objectValue == nil { return parsed }
        return .string(raw)
    }

    static func camelCase(_ upperSnake: String) -> String {
        let parts = upperSnake.lowercased().split(separator: "_")
        guard let first = parts.first else { return upperSnake.lowercased() }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func normalise(_ name: String) -> String { name.uppercased().replacingOccurrences(of: "-", with: "_") }
}
