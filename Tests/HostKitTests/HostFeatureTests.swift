import Foundation
import HostKit
import Hummingbird
import Kernel
import KernelTesting
import Logging
import AuthJWT
import AuthPassword
import ProbeTCP
import StoreSQLite
import Testing

/// Host features: a host serves only the features it lists, public paths are declared by the
/// route group that serves them, and missing store capabilities stop assembly naming both.
@Suite("host features")
struct HostFeatureTests {
    @Test func aHostWithoutOptionalFeaturesServesOnlyTheCore() async throws {
        let host = try await TestHost.start(registerAdmin: false, features: [IdentityFeature()])
        defer { Task { await host.stop() } }
        #expect(try await host.request(.GET, "/health", auth: .none).status == 200)
        let token = try await host.register("root", password: "s3cret-passphrase")
        #expect(try await host.request(.GET, "/api/v1/auth/me", auth: .token(token)).status == 200, "identity is served")
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .token(token)).status == 404, "monitors were left out")
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:1"}"#, auth: .token(token)).status == 404)
    }

    /// What a custom host's own tests look like with the HostKitTesting product: its catalog,
    /// its features, its plugins, and requests against the real server.
    @Test func aCustomHostIsTestedWithHostKitTesting() async throws {
        let catalog = try PluginCatalog([.store(SQLiteStore.self), .authenticator(PasswordAuthenticator.self),
                                         .authenticator(JWTAuthenticator.self), .probe(TCPProbe.self)])
        let host = try await TestHost.start(plugins: [PluginEntry(plugin: "store.sqlite"), PluginEntry(plugin: "auth.password"),
                                                      PluginEntry(plugin: "auth.jwt"), PluginEntry(plugin: "probe.tcp")],
                                            catalog: catalog, features: [MonitorsFeature(), IdentityFeature()])
        defer { Task { await host.stop() } }
        #expect(try await host.request(.GET, "/api/v1/monitors").status == 200)
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:1"}"#).status == 404)
    }

    @Test func aFeaturesPublicPathPatternAnswersWithoutCredentialsAndOnlyThatPath() async throws {
        let host = try await TestHost.start(features: HostFeatures.standard + [BadgeFeature()])
        defer { Task { await host.stop() } }
        let page = try await host.request(.GET, "/badges/main", auth: .none)
        #expect(page.status == 200 && page.body == "badge of main")
        #expect(try await host.request(.GET, "/badges/main/private", auth: .none).status == 401, "one segment only")
        #expect(try await host.request(.GET, "/badges/main/private").status == 200, "the group's other routes need credentials")
    }

    @Test func aFeatureNeedingACapabilityTheStoreLacksIsRefusedNamingBoth() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await TestHost.start(features: [LeaseHungryFeature()])
        }
        #expect(error?.message == "the lease-hungry feature needs a store with leases; store.sqlite has none")
    }

    @Test func aPluginNeedingACapabilityTheStoreLacksIsRefusedNamingBoth() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-feature-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = try PluginCatalog([.store(SQLiteStore.self), .probe(LeaseHungryProbe.self)])
        let configuration = VantageConfiguration(server: ServerSettings(listen: "127.0.0.1:0", dataDirectory: directory.path),
                                                 plugins: [PluginEntry(plugin: "store.sqlite"), PluginEntry(plugin: "probe.lease_hungry")])
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await VantageHost.assemble(configuration: configuration, catalog: catalog, features: [], logger: Logger(label: "test"))
        }
        #expect(error?.path == "$.plugins[1].plugin")
        #expect(error?.message == "probe.lease_hungry needs a store with leases; store.sqlite has none")
    }

    @Test(arguments: [("/status/{slug}", "/status/a", true), ("/status/{slug}", "/status", false), ("/status/{slug}", "/status/a/b", false),
                      ("/api/v1/push/{token}", "/api/v1/push/x1", true), ("/health", "/health", true), ("/health", "/healthz", false),
                      ("/health", "/health/", true), ("/status/{slug}", "/other/a", false)])
    func pathPatterns(_ pattern: String, _ path: String, _ matches: Bool) {
        #expect(PathPattern(pattern).matches(path) == matches)
    }
}

/// A feature with one public route pattern and one route that needs credentials.
struct BadgeFeature: HostFeature {
    let name = "badges"
    func assemble(_ core: HostServices) async throws -> FeatureParts { FeatureParts(routes: [BadgeRoutes()]) }
}

struct BadgeRoutes: RouteGroup {
    var publicPaths: [PathPattern] { ["/badges/{name}"] }
    func register(on router: Router<APIRequestContext>) {
        router.get("badges/:name") { _, context in "badge of \(context.parameters.get("name") ?? "")" }
        router.get("badges/:name/private") { _, _ in "private" }
    }
}

/// A feature that needs leases.
struct LeaseHungryFeature: HostFeature {
    let name = "lease-hungry"
    var requiredStoreCapabilities: [StoreCapability] { [.leases] }
    func assemble(_ core: HostServices) async throws -> FeatureParts { FeatureParts() }
}

/// A probe that needs leases.
struct LeaseHungryProbe: Probe {
    static let id = PluginID("probe.lease_hungry")!
    static let summary = "Needs leases"
    static var requiredStoreCapabilities: [StoreCapability] { [.leases] }
    init(configuration: EmptyConfiguration, context: PluginContext) async throws {}
    func run(_ request: ProbeRequest<EmptyOptions>) async throws -> ProbeResult { ProbeResult(status: .up) }
}
