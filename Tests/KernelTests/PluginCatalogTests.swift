import Kernel
import KernelTesting
import Testing

@Suite("Plugin ids and catalog")
struct PluginCatalogTests {
    @Test(arguments: ["probe.tcp", "store.sqlite", "auth.api_key", "probe.http.v2"])
    func acceptsWellFormedIds(_ text: String) {
        #expect(PluginID(text)?.rawValue == text)
    }

    @Test(arguments: ["tcp", "probe.", "probe.TCP", "widget.x", "probe.1tcp", "probe.a..b", "probe.tc p"])
    func refusesMalformedIds(_ text: String) {
        #expect(PluginID(text) == nil)
    }

    @Test func refusesDuplicateRegistrations() {
        #expect(throws: ConfigurationError.self) {
            try PluginCatalog([.probe(ScriptedProbe.self), .probe(ScriptedProbe.self)])
        }
    }

    @Test func refusesARoleThatDoesNotMatchTheId() {
        #expect(throws: ConfigurationError.self) { try PluginCatalog([.store(MislabelledStore.self)]) }
    }

    @Test func listsIdsSorted() throws {
        let catalog = try PluginCatalog([.store(InMemoryStore.self), .probe(ScriptedProbe.self)])
        #expect(catalog.ids == ["probe.scripted", "store.memory"])
    }
}

/// A store whose id claims to be a probe.
final class MislabelledStore: Store, @unchecked Sendable {
    static let id = PluginID("probe.notastore")!
    static let summary = "wrong"
    let inner = InMemoryStore()
    var tenants: any TenantRepository { inner.tenants }
    var monitors: any MonitorRepository { inner.monitors }
    var results: any ResultRepository { inner.results }
    var checks: any CheckRepository { inner.checks }
    var users: any UserRepository { inner.users }
    var memberships: any MembershipRepository { inner.memberships }
    var apiKeys: any APIKeyRepository { inner.apiKeys }
    init(configuration: EmptyConfiguration, context: PluginContext) async throws {}
    func checkHealth() async throws {}
    func eraseAllTenants() async throws {}
}
