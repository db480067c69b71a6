import BuiltinPlugins
import Foundation
import HostKit
@_exported import HostKitTesting
import Kernel
import KernelTesting
import Logging

/// The host tests' defaults for `TestHost` (HostKitTesting): every built-in plugin and the
/// scripted probe, SQLite, and the server settings each test asks for. Hosts are not
/// collected unless a test asks (`collection`): the SSH tests count sshd's log lines.
extension TestHost {
    /// Every built-in plugin and the scripted probe.
    static let catalog = try! PluginCatalog(BuiltinPlugins.registrations + [.probe(ScriptedProbe.self)])

    static func start(maxBodyBytes: Int = 1 << 20, rateLimits: [RateLimitRule] = RateLimitRule.defaults,
                      cors: CORSSettings = .init(), passwordConfig: JSONValue = .object(["bcryptCost": .number(10), "registration": .string("open")]),
                      publicMetrics: Bool = false, monitorMetrics: Bool = true, logger givenLogger: Logger? = nil, registerAdmin: Bool = true,
                      whoisConfig: JSONValue = .emptyObject, caDirectory: String? = nil,
                      features: [any HostFeature] = HostFeatures.standard, extraPlugins: [PluginEntry] = [],
                      collection: CollectionSettings = CollectionSettings(enabled: false),
                      alerting: AlertingSettings = AlertingSettings(), agents: AgentSettings = AgentSettings(),
                      agentSecret: String? = nil, geoipConfig: JSONValue = .emptyObject,
                      ingest: IngestSettings = IngestSettings(), stream: StreamSettings = StreamSettings()) async throws -> TestHost {
        let webConfig: JSONValue = caDirectory.map { .object(["caDirectory": .string($0)]) } ?? .emptyObject
        let plugins = [PluginEntry(plugin: "store.sqlite")] + builtinEntries(configs: ["probe.whois": whoisConfig, "probe.http": webConfig,
                                                                                     "probe.tls": webConfig, "auth.password": passwordConfig,
                                                                                     "enricher.geoip": geoipConfig])
            + extraPlugins
        return try await start(plugins: plugins, catalog: catalog, features: features, registerAdmin: registerAdmin, logger: givenLogger,
                                 environment: agentSecret.map { ["VANTAGE_AGENT_SECRET": $0] } ?? [:]) { configuration in
            configuration.server.maxBodyBytes = maxBodyBytes
            configuration.server.rateLimits = rateLimits
            configuration.server.cors = cors
            configuration.server.publicMetrics = publicMetrics
            configuration.server.monitorMetrics = monitorMetrics
            configuration.collection = collection
            configuration.alerting = alerting
            configuration.agents = agents
            configuration.ingest = ingest
            configuration.stream = stream
        }
    }

    /// Every built-in plugin but the stores, in catalog order, with the given configurations.
    static func builtinEntries(configs: [String: JSONValue]) -> [PluginEntry] {
        BuiltinPlugins.registrations.filter { $0.role != .store }.map { PluginEntry(plugin: $0.id.rawValue, config: configs[$0.id.rawValue] ?? .emptyObject) }
    }
}
