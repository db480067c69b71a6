import Kernel

/// One behaviour every store must have, run against a fresh, empty store.
public struct StoreConformanceCase: Sendable, CustomStringConvertible {
    /// A name that says what is checked.
    public let name: String
    /// The check; throws `ConformanceFailure` (or the store's error) when it fails.
    public let run: @Sendable (any Store) async throws -> Void

    /// Creates a case.
    public init(_ name: String, _ run: @escaping @Sendable (any Store) async throws -> Void) {
        self.name = name
        self.run = run
    }

    public var description: String { name }
}

/// The Store conformance suite, enumerated as data: a store's test target runs every case
/// that applies to its type with one parameterised test, so a case added here runs for every
/// store at once, and a capability's cases run for every store that conforms to it.
///
/// ```swift
/// @Test(arguments: StoreConformance.cases(for: MyStore.self))
/// func conformance(_ check: StoreConformanceCase) async throws {
///     try await check.run(try makeFreshStore())
/// }
/// ```
public enum StoreConformance {
    /// The cases every store passes: the core `Store`.
    public static var cases: [StoreConformanceCase] { tenantCases + monitorCases + searchCases + stateCases + resultCases + locationCases + checkCases + importCases + rollupCases + identityCases + exportCases }

    /// The cases of each capability, by capability. A capability defined later adds its entry
    /// here; stores that do not conform are not asked to pass them.
    public static let capabilityCases: [StoreCapability: [StoreConformanceCase]] = [
        .leases: leaseCases,
        .hosts: hostCases,
        .traces: traceCases,
        .samples: sampleCases,
        .eventRelay: eventRelayCases,
        .alerts: alertCases,
        .agents: agentCases,
        .ingest: ingestCases,
        .push: pushCases,
        .logs: logCases,
        .dashboard: dashboardCases,
        .statusPages: statusPageCases,
    ]

    /// The core cases plus those of every capability stores of `type` conform to.
    public static func cases(for type: any Store.Type) -> [StoreConformanceCase] {
        cases + StoreCapability.all.filter { $0.isOffered(by: type) }.flatMap { capabilityCases[$0] ?? [] }
    }

    /// The cases of `capability` alone.
    public static func cases(of capability: StoreCapability) -> [StoreConformanceCase] { capabilityCases[capability] ?? [] }

    static let tenantCases: [StoreConformanceCase] = [
        .init("tenants: create, get, ensure and refuse duplicates") { store in
            let tenant = Tenant(name: "Acme", createdAt: Fixtures.time(0))
            try await store.tenants.create(tenant)
            try await expectEqual(store.tenants.get(tenant.id)?.name, "Acme", "stored tenant name")
            try await expectEqual(store.tenants.get(.random()) == nil, true, "unknown tenant is nil")
            try await expectThrows("duplicate tenant", matching: { ($0 as? StoreError).map { if case .conflict = $0 { true } else { false } } ?? false }) {
                try await store.tenants.create(tenant)
            }
            let ensured = try await store.tenants.ensure(Tenant(id: tenant.id, name: "Other"))
            try expectEqual(ensured.name, "Acme", "ensure keeps the existing tenant")
        },
        .init("health: a fresh store is healthy") { store in
            try await store.checkHealth()
        },
    ]
}
