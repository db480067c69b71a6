import Crypto
import Foundation
import Kernel

/// Takes producers' batches: checks every record (nothing of a batch with a bad record is
/// stored), enriches addresses, and commits the batch with its idempotency key in one
/// transaction before anything answers "accepted".
struct IngestService: Sendable {
    let store: any IngestStore
    let enrichment: AddressEnrichment
    let settings: IngestSettings
    let events: EventBus

    /// Refuses a batch over `maxBatchRecords` with 413, naming the limit.
    func checkSize(_ count: Int, of member: String) throws {
        guard count <= settings.maxBatchRecords else {
            throw Problem(status: .contentTooLarge,
                          detail: "a batch holds at most \(settings.maxBatchRecords) records (ingest.maxBatchRecords); this \(member) batch has \(count)")
        }
    }

    /// The idempotency key of a request: its `Idempotency-Key` header, the endpoint and the
    /// SHA-256 of the body's bytes (a retry sends the same bytes); nil without the header.
    static func idempotency(_ header: String?, endpoint: String, body: Data) throws -> IdempotencyKey? {
        try idempotency(header, endpoint: endpoint, fingerprint: { SHA256.hash(data: body) })
    }

    /// The idempotency key of a parsed body (log lines, which arrive in several forms): the
    /// SHA-256 of its compact JSON text.
    static func idempotency(_ header: String?, endpoint: String, body: JSONValue) throws -> IdempotencyKey? {
        try idempotency(header, endpoint: endpoint, fingerprint: { SHA256.hash(data: Data(body.jsonText.utf8)) })
    }

    private static func idempotency(_ header: String?, endpoint: String, fingerprint: () -> SHA256.Digest) throws -> IdempotencyKey? {
        guard let header else { return nil }
        guard (1...255).contains(header.utf8.count), header.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationError(field: "Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces")
        }
        let digest = fingerprint().map { String(format: "%02x", $0) }.joined()
        return IdempotencyKey(endpoint: endpoint, key: header, fingerprint: digest)
    }

    /// Stores connections after enriching their sources and destinations.
    func ingest(connections: [ConnectionRecord], tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        var records = connections
        let known = await enrichment.annotations(for: records.flatMap { [$0.source.address, $0.destination.address] })
        if !known.isEmpty {
            for index in records.indices {
                records[index].source.geo = known[records[index].source.address]
                records[index].destination.geo = known[records[index].destination.address]
            }
        }
        let receipt = try await store.ingest.commit(connections: records, tenant: tenant, idempotency: idempotency)
        if !receipt.replayed, !records.isEmpty, events.hasSubscribers(for: ConnectionsIngested.self) {
            events.publish(Event(tenantID: tenant, occurredAt: receipt.committedAt, ConnectionsIngested(connections: records)))
        }
        return receipt
    }

    /// Stores metric snapshots as samples of `source`.
    func ingest(snapshots: [Sample], source: String, tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        let receipt = try await store.ingest.commit(snapshots: snapshots, source: source, tenant: tenant, idempotency: idempotency)
        if !receipt.replayed, !snapshots.isEmpty, events.hasSubscribers(for: MetricsIngested.self) {
            events.publish(Event(tenantID: tenant, occurredAt: receipt.committedAt, MetricsIngested(source: source, snapshots: snapshots)))
        }
        return receipt
    }
}
