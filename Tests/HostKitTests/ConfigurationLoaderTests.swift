import Foundation
import BuiltinPlugins
import HostKit
import Kernel
import Testing

@Suite("Plugins.json loading")
struct ConfigurationLoaderTests {
    let loader = ConfigurationLoader(catalog: TestHost.catalog, environment: [:])

    func failure(_ json: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader(catalog: TestHost.catalog, environment: environment).load(data: Data(json.utf8))
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func theDefaultPluginsJSONIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Plugins.json").standardized
        let configuration = try loader.load(path: url.path)
        // The default file enables every built-in plugin, with the SQLite store.
        let expected = BuiltinPlugins.registrations.filter { $0.role != .store || $0.id.rawValue == "store.sqlite" }.map(\.id.rawValue)
        #expect(configuration.enabledPlugins.map(\.entry.plugin) == expected)
        #expect(configuration.server.listen == "127.0.0.1:8080")
    }

    @Test func anUnknownPluginNamesThePathAndTheAllowedIds() {
        let error = failure(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.icmpp"}]}"#)
        #expect(error?.path == "$.plugins[1].plugin")
        #expect(error?.allowedValues == TestHost.catalog.ids)
        #expect(error?.allowedValues.contains("probe.icmp") == true)
    }

    @Test func unknownKeysAnywhereAreErrors() {
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite","config":{"pathh":"x"}}]}"#)?.path == "$.plugins[0].config.pathh")
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite","enable":true}]}"#)?.path == "$.plugins[0].enable")
        #expect(failure(#"{"server":{"port":1},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.allowedValues == ["cors", "dataDirectory", "listen", "maxBodyBytes", "monitorMetrics", "publicMetrics", "rateLimits", "sshKeyDirectory"])
        #expect(failure(#"{"plugin":[],"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.plugin")
    }

    @Test func wrongTypesAndMissingValues() {
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite","enabled":"yes"}]}"#)?.message == "expected a boolean, found a string")
        #expect(failure(#"{"plugins":[{"name":"x"}]}"#)?.path == "$.plugins[0].plugin")
        #expect(failure(#"{"server":{}}"#)?.path == "$.plugins")
        #expect(failure(#"{"scheduler":{"maxConcurrentChecks":0},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.scheduler.maxConcurrentChecks")
        #expect(failure(#"{"scheduler":{"tickMilliseconds":0},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.scheduler.tickMilliseconds")
        #expect(failure(#"{"server":{"listen":"nope"},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.server.listen")
    }

    @Test func theCollectionSectionIsValidatedAtItsPath() throws {
        let plugins = #""plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]"#
        #expect(failure(#"{"collection":{"defaultInterval":0},\#(plugins)}"#)?.path == "$.collection.defaultInterval")
        #expect(failure(#"{"collection":{"maxConcurrent":0},\#(plugins)}"#)?.path == "$.collection.maxConcurrent")
        #expect(failure(#"{"collection":{"retention":{"rawDays":2,"minuteDays":1}},\#(plugins)}"#)?.path == "$.collection.retention.minuteDays")
        #expect(failure(#"{"collection":{"interval":10},\#(plugins)}"#)?.path == "$.collection.interval")
        let loaded = try loader.load(data: Data(#"{"collection":{"defaultInterval":30,"retention":{"rawDays":2}},\#(plugins)}"#.utf8))
        #expect(loaded.collection.defaultInterval == 30 && loaded.collection.retention == SampleRetention(rawDays: 2))
        #expect(try loader.load(data: Data("{\(plugins)}".utf8)).collection == CollectionSettings())
        let overridden = try ConfigurationLoader(catalog: TestHost.catalog, environment: ["VANTAGE_COLLECTION_DEFAULT_INTERVAL": "60"])
            .load(data: Data("{\(plugins)}".utf8))
        #expect(overridden.collection.defaultInterval == 60)
    }

    @Test func theAgentsSectionIsValidatedAtItsPath() throws {
        let plugins = #""plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]"#
        #expect(failure(#"{"agents":{"maxPendingAgents":0},\#(plugins)}"#)?.path == "$.agents.maxPendingAgents")
        #expect(failure(#"{"agents":{"refusalsPerMinute":0},\#(plugins)}"#)?.path == "$.agents.refusalsPerMinute")
        #expect(failure(#"{"agents":{"heartbeatSeconds":0.1},\#(plugins)}"#)?.path == "$.agents.heartbeatSeconds")
        #expect(failure(#"{"agents":{"heartbeatSeconds":10,"offlineAfterSeconds":15},\#(plugins)}"#)?.path == "$.agents.offlineAfterSeconds")
        let loaded = try loader.load(data: Data(#"{"agents":{"maxPendingAgents":5},\#(plugins)}"#.utf8))
        #expect(loaded.agents.maxPendingAgents == 5 && loaded.agents.refusalsPerMinute == 20)
    }

    @Test func rateLimitsAndCORSAreValidated() {
        #expect(failure(#"{"server":{"rateLimits":[{"routes":"probe","limit":1,"perSeconds":60}]},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.allowedValues == ["probes", "read", "write", "all"])
        #expect(failure(#"{"server":{"rateLimits":[{"routes":"read","limit":0,"perSeconds":60}]},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.server.rateLimits[0].limit")
        #expect(failure(#"{"server":{"cors":{"allowedOrigins":["dash.example"]}},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.server.cors.allowedOrigins")
        #expect(failure(#"{"server":{"cors":{"origins":[]}},"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#)?.path == "$.server.cors.origins")
    }

    @Test func exactlyOneStore() {
        #expect(failure(#"{"plugins":[{"plugin":"probe.tcp"},{"plugin":"auth.api_key"}]}"#)?.allowedValues == TestHost.catalog.registrations.filter { $0.role == .store }.map(\.id.rawValue).sorted())
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite"}]}"#)?.message == "no authenticator is enabled: every API route needs one")
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"store.sqlite","name":"b"},{"plugin":"auth.api_key"}]}"#)?.message.contains("exactly one store") == true)
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"store.sqlite","enabled":false},{"plugin":"auth.api_key"}]}"#) == nil)
    }

    @Test func instanceNamesAreUniquePerRole() {
        #expect(failure(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tcp"},{"plugin":"probe.scripted","name":"tcp"},{"plugin":"auth.api_key"}]}"#)?.path == "$.plugins[2].name")
    }

    @Test func theErrorNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).json").path
        try Data(#"{"plugins":[{"plugin":"nope.x"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError.self) { try loader.load(path: path) }
        do { _ = try loader.load(path: path) } catch { #expect("\(error)".hasPrefix("\(path): $.plugins[0].plugin: unknown plugin")) }
    }

    @Test func environmentOverridesHostSettingsAndPluginSettings() throws {
        let environment = ["VANTAGE_SERVER_LISTEN": "0.0.0.0:9999", "VANTAGE_SERVER_DATA_DIRECTORY": "/tmp/v",
                           "VANTAGE_SCHEDULER_MAX_CONCURRENT_CHECKS": "64", "VANTAGE_PLUGIN_SQLITE_PATH": "/tmp/v/other.sqlite",
                           "UNRELATED": "1"]
        let configuration = try ConfigurationLoader(catalog: TestHost.catalog, environment: environment)
            .load(data: Data(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#.utf8))
        #expect(configuration.server.listen == "0.0.0.0:9999")
        #expect(configuration.server.dataDirectory == "/tmp/v")
        #expect(configuration.scheduler.maxConcurrentChecks == 64)
        #expect(configuration.plugins[0].config == .object(["path": .string("/tmp/v/other.sqlite")]))
    }

    @Test func aBadEnvironmentValueIsReportedAtItsPath() {
        let error = failure(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.api_key"}]}"#, environment: ["VANTAGE_SCHEDULER_JITTER": "lots"])
        #expect(error?.path == "$.scheduler.jitter")
    }
}
