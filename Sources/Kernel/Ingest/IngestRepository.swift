import Foundation

/// What makes a retried batch recognisable: the producer's `Idempotency-Key`, the endpoint it
/// was sent to, and a fingerprint (SHA-256) of the batch, so the same key with another batch
/// is refused rather than silently dropped.
public struct IdempotencyKey: Sendable, Hashable {
    /// `connections`, `metrics` or `logs`.
    public var endpoint: String
    /// The header's value (1 to 255 printable ASCII characters).
    public var key: String
    /// The batch's fingerprint, hex.
    public var fingerprint: String

    /// Creates a key.
    public init(endpoint: String, key: String, fingerprint: String) {
        self.endpoint = endpoint
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// What a committed batch answers: how many records it stored, and whether this request
/// was a retry of a batch committed before (nothing stored this time).
public struct IngestReceipt: Sendable, Hashable, Codable {
    /// Records the batch stored (for a retry: the first commit's count).
    public var accepted: Int
    /// True when the idempotency key was committed before and nothing was stored now.
    public var replayed: Bool
    /// When the batch was committed.
    public var committedAt: Date

    /// Creates a receipt.
    public init(accepted: Int, replayed: Bool, committedAt: Date) {
        self.accepted = accepted
        self.replayed = replayed
        self.committedAt = committedAt
    }
}

/// Records producers push, per tenant (`IngestStore`): connections, and metric snapshots kept
/// as samples. A batch is committed whole or not at all, its idempotency key in the same
/// transaction, so a producer told "accepted" never loses the batch, and a retry of it is
/// stored once.
public protocol IngestRepository: Sendable {
    /// Stores `connections` of `tenant`, all or none. With `idempotency`, a key this tenant
    /// already committed at the endpoint stores nothing and returns the first receipt with
    /// `replayed`; the same key with another fingerprint throws `StoreError.conflict`.
    func commit(connections: [ConnectionRecord], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt
    /// Stores metric snapshots as samples of `source` (read back through `SampleRepository`),
    /// with the same guarantees.
    func commit(snapshots: [Sample], source: String, tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt
    /// Connections of `tenant` matching `filter`, newest first (by the store's sequence).
    func connections(tenant: TenantID, filter: ConnectionFilter, page: PageRequest) async throws -> Page<ConnectionRecord>
    /// The `limit` largest groups by bytes, then connections.
    func aggregate(tenant: TenantID, filter: ConnectionFilter, by grouping: ConnectionGrouping, limit: Int) async throws -> [ConnectionAggregate]
    /// Traffic per bucket of `bucketSeconds` by start time, oldest first; empty buckets left out.
    func traffic(tenant: TenantID, filter: ConnectionFilter, bucketSeconds: Int) async throws -> [ConnectionBucket]
    /// Deletes connections started before `date` and idempotency keys committed before
    /// `keysBefore` (retention); returns how many connections went.
    @discardableResult func prune(before date: Date, keysBefore: Date) async throws -> Int
    /// Every connection of every tenant, oldest first (store migration).
    func listAllTenants(page: PageRequest) async throws -> Page<ConnectionRecord>
    /// Deletes every connection and key of every tenant (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// A store that keeps what producers push.
public protocol IngestStore: SampleStore {
    /// Connections, snapshots and idempotency keys.
    var ingest: any IngestRepository { get }
}

extension StoreCapability {
    /// Connections and metric snapshots pushed by producers (`IngestStore`).
    public static let ingest = StoreCapability("ingestion", sections: [.connections]) { $0 is any IngestStore.Type }
}

extension StoreSection {
    /// Ingested connections of every tenant. Idempotency keys are not copied: they matter for
    /// a day, and a producer retrying across a migration is stored twice at most once.
    public static let connections = StoreSection(
        "connections",
        holdsRecords: { store in
            guard let store = store as? any IngestStore else { return false }
            return try await !store.ingest.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty
        },
        copy: { context in
            guard let source = context.source as? any IngestStore, let target = context.target as? any IngestStore else { return }
            let records = try await context.all { try await source.ingest.listAllTenants(page: $0) }
            for (tenant, group) in Dictionary(grouping: records, by: \.tenantID) {
                for start in stride(from: 0, to: group.count, by: 1000) {
                    _ = try await target.ingest.commit(connections: Array(group[start..<min(start + 1000, group.count)]), tenant: tenant, idempotency: nil)
                }
            }
            context.count("connections", records.count)
        },
        erase: { store in try await (store as? any IngestStore)?.ingest.eraseAllTenants() }
    )
}
