/// Status pages (`StatusPageStore`). A page goes with its tenant; a slug is unique across
/// tenants, because the public address has no tenant in it.
public protocol StatusPageRepository: Sendable {
    /// Stores a new page, or replaces the one with its id in its tenant; throws
    /// `StoreError.conflict` when another page has its slug, `StoreError.notFound` when a page
    /// with its id exists in another tenant.
    func save(_ page: StatusPage) async throws
    /// The page, or nil when it is not in `tenant`.
    func get(_ id: StatusPageID, tenant: TenantID) async throws -> StatusPage?
    /// The page with `slug`, of any tenant, or nil.
    func page(slug: String) async throws -> StatusPage?
    /// The tenant's pages, by slug.
    func list(tenant: TenantID) async throws -> [StatusPage]
    /// Deletes a page; false when it was not in `tenant`.
    @discardableResult func delete(_ id: StatusPageID, tenant: TenantID) async throws -> Bool
    /// Every page of every tenant (store migration).
    func listAllTenants() async throws -> [StatusPage]
    /// Deletes every page (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// A store that keeps public status pages.
public protocol StatusPageStore: Store {
    /// The pages.
    var statusPages: any StatusPageRepository { get }
}

extension StoreCapability {
    /// Public status pages (`StatusPageStore`).
    public static let statusPages = StoreCapability("status pages", sections: [.statusPages]) { $0 is any StatusPageStore.Type }
}

extension StoreSection {
    /// Status pages, so their public addresses keep answering after a migration.
    public static let statusPages = StoreSection(
        "status pages",
        holdsRecords: { store in
            guard let store = store as? any StatusPageStore else { return false }
            return try await !store.statusPages.listAllTenants().isEmpty
        },
        copy: { context in
            guard let source = context.source as? any StatusPageStore, let target = context.target as? any StatusPageStore else { return }
            let pages = try await source.statusPages.listAllTenants()
            for page in pages { try await target.statusPages.save(page) }
            context.count("status pages", pages.count)
        },
        erase: { store in try await (store as? any StatusPageStore)?.statusPages.eraseAllTenants() }
    )
}
