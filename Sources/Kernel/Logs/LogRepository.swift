import Foundation

/// Log lines services send, per tenant (`LogStore`), searchable by word. A batch is committed
/// whole or not at all, with its idempotency key (endpoint `logs`) in the same transaction.
public protocol LogRepository: Sendable {
    /// Stores `entries` of `tenant`, all or none, with `IngestRepository.commit`'s
    /// idempotency rules.
    func commit(logs entries: [LogEntry], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt
    /// Lines of `tenant` matching `filter`, newest first (by the store's sequence); the cursor
    /// is the last line's sequence number.
    func search(tenant: TenantID, filter: LogFilter, page: PageRequest) async throws -> Page<LogEntry>
    /// How many lines of `tenant` were received since `since` (dashboard rates).
    func count(tenant: TenantID, since: Date) async throws -> Int
    /// Deletes lines older than `date` (by their time); returns how many went.
    @discardableResult func prune(before date: Date) async throws -> Int
    /// Every line of every tenant, oldest first (store migration).
    func listAllTenants(page: PageRequest) async throws -> Page<LogEntry>
    /// Deletes every line of every tenant.
    func eraseAllTenants() async throws
}

/// A store that keeps log lines, beside what producers push (its idempotency keys).
public protocol LogStore: IngestStore {
    /// Log lines.
    var logs: any LogRepository { get }
}

extension StoreCapability {
    /// Log lines services send (`LogStore`).
    public static let logs = StoreCapability("logs", sections: [.logs]) { $0 is any LogStore.Type }
}

extension StoreSection {
    /// Log lines of every tenant.
    public static let logs = StoreSection(
        "logs",
        holdsRecords: { store in
            guard let store = store as? any LogStore else { return false }
            return try await !store.logs.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty
        },
        copy: { context in
            guard let source = context.source as? any LogStore, let target = context.target as? any LogStore else { return }
            let entries = try await context.all { try await source.logs.listAllTenants(page: $0) }
            for (tenant, group) in Dictionary(grouping: entries, by: \.tenantID) {
                for start in stride(from: 0, to: group.count, by: 1000) {
                    _ = try await target.logs.commit(logs: Array(group[start..<min(start + 1000, group.count)]), tenant: tenant, idempotency: nil)
                }
            }
            context.count("logs", entries.count)
        },
        erase: { store in try await (store as? any LogStore)?.logs.eraseAllTenants() }
    )
}
