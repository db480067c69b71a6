import Foundation
import Synchronization
import Kernel
import KernelTesting
import Testing

/// Store capabilities: found by conformance, required by plugins, copied by section.
@Suite("store capabilities")
struct StoreCapabilityTests {
    @Test func capabilitiesAreFoundByConformance() {
        #expect(StoreCapability.offered(by: InMemoryStore()).isEmpty)
        #expect(StoreCapability.offered(by: InMemoryLeasedStore()) == [.leases])
        #expect(StoreCapability.leases.isOffered(by: InMemoryLeasedStore.self))
        #expect(!StoreCapability.eventRelay.isOffered(by: InMemoryLeasedStore.self))
    }

    @Test func theConformanceSuiteAddsACapabilitysCasesOnlyForStoresThatConform() {
        let core = StoreConformance.cases(for: InMemoryStore.self).map(\.name)
        let leased = StoreConformance.cases(for: InMemoryLeasedStore.self).map(\.name)
        #expect(core == StoreConformance.cases.map(\.name), "a store with only the core is asked only the core")
        #expect(leased == core + StoreConformance.cases(of: .leases).map(\.name))
        #expect(!leased.contains { $0.hasPrefix("events:") }, "no relay, no relay cases")
        #expect(!StoreConformance.cases(of: .leases).isEmpty && !StoreConformance.cases(of: .eventRelay).isEmpty)
    }

    @Test func aMissingCapabilityIsRefusedNamingThePluginTheCapabilityAndTheStore() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try StoreRequirements.check([.leases], of: "collector.procfs", store: InMemoryStore(), path: "$.plugins[1].plugin")
        }
        #expect(error.path == "$.plugins[1].plugin")
        #expect(error.message == "collector.procfs needs a store with leases; store.memory has none")
        // A store that conforms passes.
        try StoreRequirements.check([.leases], of: "collector.procfs", store: InMemoryLeasedStore(), path: "$")
    }

    @Test func copyingWalksTheCoreAndEveryCapabilityBothStoresOffer() async throws {
        let source = InMemoryStore()
        let tenant = try await Fixtures.tenant(in: source)
        try await source.monitors.create(Fixtures.monitor(tenant: tenant, name: "a"), tenant: tenant)
        let marker = RecordingSection()
        let extra = StoreCapability("widgets", sections: [marker.section]) { _ in true }
        let target = InMemoryStore()
        let report = try await StoreCopier(from: source, to: target, capabilities: [extra]).copy(overwrite: false)
        #expect(report.description == "1 tenants, 0 users, 0 memberships, 0 API keys, 1 monitors, 0 monitor states, 0 results, 0 delivery cursors, 2 widgets")
        #expect(marker.calls == ["holds", "copy"], "a capability's section is asked whether the target holds any, then copied")
        #expect(try await target.monitors.list(tenant: tenant, page: PageRequest(limit: 10)).items.count == 1)
    }

    @Test func aCapabilityOnlyTheSourceOffersIsRefusedRatherThanDropped() async throws {
        let source = InMemoryLeasedStore()
        let marker = RecordingSection(holds: true)
        let extra = StoreCapability("widgets", sections: [marker.section]) { $0 is any LeaseStore.Type }
        let refusal = try await #require(throws: StoreCopier.Refusal.self) {
            _ = try await StoreCopier(from: source, to: InMemoryStore(), capabilities: [extra]).copy(overwrite: true)
        }
        #expect(refusal.description == "the source store keeps widgets and store.memory has none; they would be lost")
    }
}

/// A section that records how the copier used it and counts two widgets.
final class RecordingSection: Sendable {
    private let log = Mutex<[String]>([])
    private let holds: Bool
    init(holds: Bool = false) { self.holds = holds }
    var calls: [String] { log.withLock { $0 } }

    var section: StoreSection {
        StoreSection("widgets",
                     holdsRecords: { _ in self.log.withLock { $0.append("holds") }; return self.holds },
                     copy: { context in self.log.withLock { $0.append("copy") }; context.count("widgets", 2) },
                     erase: { _ in self.log.withLock { $0.append("erase") } })
    }
}
