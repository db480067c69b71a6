import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// `enricher.geoip`: country, city, coordinates, ASN and organisation of IP addresses from
/// MaxMind GeoLite2 or GeoIP2 databases, read with the system libmaxminddb. The databases are
/// reloaded without a restart when their files change; lookups are cached.
public struct GeoIPEnricher: Enricher, Service {
    public static let id = PluginID("enricher.geoip")!
    public static let summary = "GeoIP: country, city, coordinates and ASN of addresses from MaxMind databases (libmaxminddb)"

    private let configuration: GeoIPConfiguration
    private let databases: GeoIPDatabases
    private let cache: GeoIPCache
    private let logger: Logger

    public init(configuration: GeoIPConfiguration, context: PluginContext) async throws {
        try configuration.validate()
        self.configuration = configuration
        databases = GeoIPDatabases(directory: configuration.resolvedDirectory(dataDirectory: context.dataDirectory))
        cache = GeoIPCache(capacity: configuration.cacheEntries)
        logger = context.logger
        databases.refresh()
        logLoaded()
    }

    public func annotations(for addresses: [String]) async -> [String: AddressAnnotation] {
        var answers: [String: AddressAnnotation] = [:]
        for address in addresses {
            let answer = cache.answer(for: address) ?? {
                let looked = databases.annotation(for: address)
                cache.remember(looked, for: address)
                return looked
            }()
            if !answer.isEmpty { answers[address] = answer }
        }
        return answers
    }

    public func unavailableReason() async -> String? { databases.unavailableReason }

    /// Checks the directory every `reloadIntervalSeconds` and swaps in changed files.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: .seconds(configuration.reloadIntervalSeconds))) != nil {
                reload()
            }
        }
    }

    /// Opens what changed in the directory now, as the periodic check does.
    public func reload() {
        if databases.refresh() {
            cache.removeAll()
            logLoaded()
        }
    }

    private func logLoaded() {
        let inUse = databases.inUse
        if let reason = databases.unavailableReason {
            logger.warning("GeoIP: \(reason)")
        }
        if !inUse.isEmpty {
            logger.info("GeoIP databases loaded", metadata: ["files": "\(inUse.map { "\($0.fileName) (\($0.databaseType))" }.joined(separator: ", "))"])
        }
    }
}
