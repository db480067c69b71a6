/// One part of a store's records as `vantage store migrate` sees it: how to tell whether a
/// store holds any, how to copy them to another store and how to erase them. The core `Store`
/// contributes `StoreSection.core`; each `StoreCapability` contributes its own, so a new
/// family of records is copied without anyone editing the copier.
public struct StoreSection: Sendable {
    /// What the section holds, for messages: "tenants", "samples".
    public let name: String
    /// Whether `store` holds records of this section.
    public let holdsRecords: @Sendable (any Store) async throws -> Bool
    /// Copies the section's records from `context.source` to `context.target`, counting them.
    public let copy: @Sendable (StoreCopyContext) async throws -> Void
    /// Deletes the section's records from a store (before a forced copy).
    public let erase: @Sendable (any Store) async throws -> Void

    /// Creates a section.
    public init(_ name: String,
                holdsRecords: @escaping @Sendable (any Store) async throws -> Bool,
                copy: @escaping @Sendable (StoreCopyContext) async throws -> Void,
                erase: @escaping @Sendable (any Store) async throws -> Void) {
        self.name = name
        self.holdsRecords = holdsRecords
        self.copy = copy
        self.erase = erase
    }
}

extension StoreSection {
    /// The core records: tenants, users, memberships, API keys, monitors with their scheduler
    /// state, then results in the order they were stored. `Store.eraseAllTenants` erases them.
    public static let core: [StoreSection] = [identityAndMonitors, results]

    static let identityAndMonitors = StoreSection(
        "tenants and users",
        holdsRecords: { store in
            if try await !store.tenants.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty { return true }
            return try await store.users.count() > 0
        },
        copy: { context in
            let (source, target) = (context.source, context.target)
            let tenants = try await context.all { try await source.tenants.listAllTenants(page: $0) }
            for tenant in tenants { try await target.tenants.create(tenant) }
            context.count("tenants", tenants.count)
            let users = try await context.all { try await source.users.listAllTenants(page: $0) }
            for user in users { try await target.users.create(user) }
            context.count("users", users.count)
            context.count("memberships", 0)
            context.count("API keys", 0)
            context.count("monitors", 0)
            context.count("monitor states", 0)
            for tenant in tenants {
                for (user, role) in try await source.memberships.members(of: tenant.id) {
                    try await target.memberships.set(role, user: user.id, tenant: tenant.id)
                    context.count("memberships")
                }
                for key in try await context.all({ try await source.apiKeys.list(tenant: tenant.id, page: $0) }) {
                    try await target.apiKeys.create(key)
                    context.count("API keys")
                }
                let monitors = try await context.all { try await source.monitors.list(tenant: tenant.id, page: $0) }
                for monitor in monitors { try await target.monitors.create(monitor, tenant: tenant.id) }
                context.count("monitors", monitors.count)
                let states = try await source.monitors.states(of: monitors.map(\.id), tenant: tenant.id)
                try await target.monitors.saveStates(states.map { MonitorStateUpdate(tenantID: tenant.id, monitorID: $0.key, state: $0.value) })
                context.count("monitor states", states.count)
            }
        },
        erase: { try await $0.eraseAllTenants() })

    static let results = StoreSection(
        "results",
        holdsRecords: { try await !$0.results.exportAllTenants(afterID: nil, limit: 1).isEmpty },
        copy: { context in
            context.count("results", 0)
            var after: Int64?
            while true {
                let batch = try await context.source.results.exportAllTenants(afterID: after, limit: context.batchSize)
                guard let last = batch.last else { break }
                try await context.target.results.append(batch.map { var copy = $0; copy.id = nil; return copy })
                context.count("results", batch.count)
                after = last.id
                context.reportProgress()
            }
            let cursors = try await context.source.checks.deliveryCursors()
            try await context.target.checks.commit(CheckBatch(deliveries: cursors))
            context.count("delivery cursors", cursors.count)
        },
        erase: { try await $0.eraseAllTenants() })
}
