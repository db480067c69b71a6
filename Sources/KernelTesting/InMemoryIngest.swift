import Foundation
import Kernel

/// Ingested connections in memory, in commit order, with their idempotency keys; snapshots go
/// to the store's samples.
actor InMemoryIngest: IngestRepository {
    private var rows: [(seq: Int64, record: ConnectionRecord)] = []
    private var keys: [String: (fingerprint: String, receipt: IngestReceipt)] = [:]
    private var nextSeq: Int64 = 1
    private let samples: InMemorySamples

    init(samples: InMemorySamples) { self.samples = samples }

    func commit(connections: [ConnectionRecord], tenant: TenantID, idempotency: IdempotencyKey?) throws -> IngestReceipt {
        if let previous = try previous(idempotency, tenant: tenant) { return previous }
        for record in connections {
            var stored = record
            stored.id = nextSeq
            stored.tenantID = tenant
            rows.append((nextSeq, stored))
            nextSeq += 1
        }
        return remember(idempotency, tenant: tenant, accepted: connections.count)
    }

    func commit(snapshots: [Sample], source: String, tenant: TenantID, idempotency: IdempotencyKey?) async throws -> IngestReceipt {
        if let previous = try previous(idempotency, tenant: tenant) { return previous }
        await samples.append(snapshots, source: source, tenant: tenant)
        return remember(idempotency, tenant: tenant, accepted: snapshots.count)
    }

    /// Connections of `tenant` that started since `since`.
    func count(tenant: TenantID, since: Date) -> Int { rows.filter { $0.record.tenantID == tenant && $0.record.startedAt >= since }.count }

    func connections(tenant: TenantID, filter: ConnectionFilter, page: PageRequest) -> Page<ConnectionRecord> {
        let before = page.cursor.flatMap(Int64.init) ?? .max
        let selected = rows.reversed().filter { $0.seq < before && Self.matches($0.record, filter, tenant) }
        return Page(sequenced: Array(selected.prefix(page.limit + 1)), limit: page.limit)
    }

    func aggregate(tenant: TenantID, filter: ConnectionFilter, by grouping: ConnectionGrouping, limit: Int) -> [ConnectionAggregate] {
        var groups: [String: ConnectionAggregate] = [:]
        for (_, record) in rows where Self.matches(record, filter, tenant) {
            let geo = record.destination.geo
            let (key, label): (String, String?) = switch grouping {
            case .destination: (record.destination.address, nil)
            case .country: (geo?.countryCode ?? "", geo?.country)
            case .asn: (geo?.asn.map(String.init) ?? "", geo?.organization)
            }
            var group = groups[key] ?? ConnectionAggregate(key: key, label: nil, connections: 0, bytes: 0)
            group.connections += 1
            group.bytes += record.bytesSent + record.bytesReceived
            if let label, group.label.map({ label > $0 }) ?? true { group.label = label }
            groups[key] = group
        }
        return groups.values.sorted {
            ($0.bytes, $0.connections) != ($1.bytes, $1.connections) ? ($0.bytes, $0.connections) > ($1.bytes, $1.connections)
                : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
        }.prefix(limit).map { $0 }
    }

    func traffic(tenant: TenantID, filter: ConnectionFilter, bucketSeconds: Int) -> [ConnectionBucket] {
        var buckets: [Int64: ConnectionBucket] = [:]
        for (_, record) in rows where Self.matches(record, filter, tenant) {
            let start = Int64((record.startedAt.timeIntervalSince1970 / Double(bucketSeconds)).rounded(.down)) * Int64(bucketSeconds)
            var bucket = buckets[start] ?? ConnectionBucket(start: Date(timeIntervalSince1970: Double(start)), connections: 0, bytesSent: 0, bytesReceived: 0)
            bucket.connections += 1
            bucket.bytesSent += record.bytesSent
            bucket.bytesReceived += record.bytesReceived
            buckets[start] = bucket
        }
        return buckets.keys.sorted().compactMap { buckets[$0] }
    }

    func prune(before date: Date, keysBefore: Date) -> Int {
        keys = keys.filter { $0.value.receipt.committedAt >= keysBefore }
        let count = rows.count
        rows.removeAll { $0.record.startedAt < date }
        return count - rows.count
    }

    func listAllTenants(page: PageRequest) -> Page<ConnectionRecord> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: Array(rows.filter { $0.seq > after }.prefix(page.limit + 1)), limit: page.limit)
    }

    func eraseAllTenants() {
        rows = []
        keys = [:]
    }

    private func previous(_ idempotency: IdempotencyKey?, tenant: TenantID) throws -> IngestReceipt? {
        guard let idempotency, let known = keys[Self.key(idempotency, tenant)] else { return nil }
        guard known.fingerprint == idempotency.fingerprint else {
            throw StoreError.conflict(entity: "idempotency key", detail: "the Idempotency-Key '\(idempotency.key)' was used for another batch")
        }
        var receipt = known.receipt
        receipt.replayed = true
        return receipt
    }

    private func remember(_ idempotency: IdempotencyKey?, tenant: TenantID, accepted: Int) -> IngestReceipt {
        let receipt = IngestReceipt(accepted: accepted, replayed: false, committedAt: Date())
        if let idempotency { keys[Self.key(idempotency, tenant)] = (idempotency.fingerprint, receipt) }
        return receipt
    }

    private static func key(_ idempotency: IdempotencyKey, _ tenant: TenantID) -> String {
        "\(tenant)\u{0}\(idempotency.endpoint)\u{0}\(idempotency.key)"
    }

    private static func matches(_ record: ConnectionRecord, _ filter: ConnectionFilter, _ tenant: TenantID) -> Bool {
        record.tenantID == tenant && (filter.from.map { record.startedAt >= $0 } ?? true) && (filter.to.map { record.startedAt < $0 } ?? true)
            && (filter.address.map { record.source.address == $0 || record.destination.address == $0 } ?? true)
            && (filter.country.map { record.destination.geo?.countryCode == $0 } ?? true)
            && (filter.asn.map { record.destination.geo?.asn == $0 } ?? true)
            && (filter.transport.map { record.transport == $0 } ?? true)
    }
}
