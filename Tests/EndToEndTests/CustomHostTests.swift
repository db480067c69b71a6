import Foundation
import Kernel
import Testing

/// The example custom host (Examples/CustomHost) is built and works like `vantage`.
@Suite("custom host example")
struct CustomHostTests {
    @Test func listsItsOwnPluginsOnly() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage-custom"), ["plugins", "--json", "--config", "Examples/CustomHost/Plugins.json"],
                                          directory: Executables.packageRoot)
        #expect(outcome.status == 0)
        guard case .array(let plugins) = try JSONValue.parse(Data(outcome.stdout.utf8)) else {
            Issue.record("not an array: \(outcome.stdout)")
            return
        }
        #expect(plugins.compactMap { $0.objectValue?["id"] } == ["auth.api_key", "probe.resolve", "probe.tcp", "store.sqlite"].map(JSONValue.string))
    }

    @Test func runsItsOwnProbe() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage-custom"), ["probe", "resolve", "localhost", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try JSONValue.parse(Data(outcome.stdout.utf8))
        #expect(result.objectValue?["result"]?.objectValue?["status"] == .string("up"))
    }

    @Test func itsConfigurationIsValid() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage-custom"), ["config", "check", "Examples/CustomHost/Plugins.json"],
                                          directory: Executables.packageRoot)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("probe.resolve/dns"))
    }
}

/// The custom host's features decide its commands: identity's are there.
@Suite("custom host features")
struct CustomHostFeatureTests {
    @Test func theIdentityFeatureAddsItsCommands() async throws {
        let outcome = try await Executables.run(try Executables.path("vantage-custom"), ["--help"])
        #expect(outcome.stdout.contains("apikey") && outcome.stdout.contains("tenant"), "\(outcome.stdout)")
        let key = try await Executables.run(try Executables.path("vantage-custom"), ["apikey", "--help"])
        #expect(key.status == 0, "\(key.stderr)")
    }
}
