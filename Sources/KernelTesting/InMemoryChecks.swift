import Foundation
import Kernel

/// The in-memory `CheckRepository`: one actor call is one transaction.
struct InMemoryChecks: CheckRepository {
    let data: InMemoryData

    func commit(_ batch: CheckBatch) async throws { try await data.commit(batch) }

    func outboxAllTenants(after sequence: Int64, limit: Int) async throws -> [OutboxEntry] {
        try await data.outbox(after: sequence, limit: limit)
    }

    func pruneOutboxAllTenants(olderThan cutoff: Date) async throws -> Int { try await data.pruneOutbox(before: cutoff) }

    func deliveredSequence(origin: String) async throws -> Int64 { try await data.deliveredSequence(origin: origin) }

    func deliveryCursors() async throws -> [DeliveryCursor] { try await data.allDeliveryCursors() }
}

extension InMemoryData {
    func createAll(_ new: [Monitor], tenant: TenantID) throws {
        try check()
        var ids = Set(monitors.map(\.monitor.id))
        guard tenants[tenant] != nil, new.allSatisfy({ $0.tenantID == tenant && ids.insert($0.id).inserted }) else {
            throw StoreError.conflict(entity: "monitor", detail: "an id exists, or tenant mismatch")
        }
        for monitor in new {
            nextSeq += 1
            monitors.append((nextSeq, monitor))
        }
    }

    func commit(_ batch: CheckBatch) throws {
        try check()
        try append(batch.results)
        try save(batch.states)
        for event in batch.events {
            nextOutboxSequence += 1
            outbox.append(OutboxEntry(sequence: nextOutboxSequence, event: event))
        }
        for delivery in batch.deliveries {
            deliveryCursors[delivery.origin] = max(deliveryCursors[delivery.origin] ?? 0, delivery.sequence)
        }
    }

    func allDeliveryCursors() throws -> [DeliveryCursor] {
        try check()
        return deliveryCursors.sorted { $0.key < $1.key }.map { DeliveryCursor(origin: $0.key, sequence: $0.value) }
    }

    func deliveredSequence(origin: String) throws -> Int64 {
        try check()
        return deliveryCursors[origin] ?? 0
    }

    func outbox(after sequence: Int64, limit: Int) throws -> [OutboxEntry] {
        try check()
        return Array(outbox.filter { $0.sequence > sequence }.prefix(max(limit, 1)))
    }

    func pruneOutbox(before cutoff: Date) throws -> Int {
        try check()
        let before = outbox.count
        outbox.removeAll { $0.event.occurredAt < cutoff }
        return before - outbox.count
    }
}
