import Foundation
import Kernel

/// Settings of an `enricher.geoip` instance.
public struct GeoIPConfiguration: PluginConfiguration, Hashable {
    /// The directory holding the MaxMind databases (`GeoLite2-City.mmdb`, ...); relative paths
    /// are under the data directory. Default `geoip`.
    public var directory: String
    /// How often the directory is checked for new or changed files, in seconds (0.1 to
    /// 86,400). Default 60.
    public var reloadIntervalSeconds: Double
    /// Lookups kept in memory (0 to 10,000,000; 0 turns the cache off). Default 100,000.
    public var cacheEntries: Int

    /// Creates settings; the defaults are those of the default `Plugins.json`.
    public init(directory: String = "geoip", reloadIntervalSeconds: Double = 60, cacheEntries: Int = 100_000) {
        self.directory = directory
        self.reloadIntervalSeconds = reloadIntervalSeconds
        self.cacheEntries = cacheEntries
    }

    public init(from decoder: any Decoder) throws {
        let defaults = GeoIPConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
        reloadIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .reloadIntervalSeconds) ?? defaults.reloadIntervalSeconds
        cacheEntries = try container.decodeIfPresent(Int.self, forKey: .cacheEntries) ?? defaults.cacheEntries
    }

    /// Checks the ranges, throwing `ConfigurationError` with the JSON path.
    func validate() throws {
        guard !directory.isEmpty else { throw ConfigurationError(path: "$.directory", message: "must not be empty") }
        guard (0.1...86_400).contains(reloadIntervalSeconds) else {
            throw ConfigurationError(path: "$.reloadIntervalSeconds", message: "must be from 0.1 to 86400 seconds")
        }
        guard (0...10_000_000).contains(cacheEntries) else {
            throw ConfigurationError(path: "$.cacheEntries", message: "must be from 0 to 10000000")
        }
    }

    /// The directory as an absolute path or under `dataDirectory`.
    func resolvedDirectory(dataDirectory: String) -> String {
        directory.hasPrefix("/") ? directory : (dataDirectory as NSString).appendingPathComponent(directory)
    }
}
