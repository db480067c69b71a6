import Foundation
import Kernel

extension StoreConformance {
    static func ingest(of store: any Store) throws -> any IngestRepository {
        guard let ingest = (store as? any IngestStore)?.ingest else { throw ConformanceFailure(message: "the store keeps no ingested records", location: #fileID) }
        return ingest
    }

    static func connection(_ destination: String, tenant: TenantID, started: Double, bytes: Int64 = 100, country: String? = nil,
                           asn: Int? = nil, transport: String = "tcp") -> ConnectionRecord {
        let geo = country.map { AddressAnnotation(countryCode: $0, country: "Name of \($0)", asn: asn, organization: asn.map { "AS \($0) Org" }) }
        return ConnectionRecord(tenantID: tenant, source: ConnectionEndpoint(address: "10.0.0.5", port: 51_514),
                                destination: ConnectionEndpoint(address: destination, port: 443, geo: geo), transport: transport,
                                bytesSent: bytes, bytesReceived: bytes * 2, packetsSent: 3, packetsReceived: 4, process: "curl",
                                service: "https", startedAt: Date(timeIntervalSince1970: 1_700_000_000 + started),
                                endedAt: Date(timeIntervalSince1970: 1_700_000_002 + started), receivedAt: Date(timeIntervalSince1970: 1_700_000_100))
    }

    /// Cases for `IngestStore`s, added by `cases(for:)` to every store type that conforms.
    static let ingestCases: [StoreConformanceCase] = [
        .init("ingest: a batch of connections is stored whole, read back equal, newest first, within its tenant") { store in
            let ingest = try ingest(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let batch = (0..<5).map { connection("198.51.100.\($0)", tenant: tenant, started: Double($0), country: "DE", asn: 64_500) }
            let receipt = try await ingest.commit(connections: batch, tenant: tenant, idempotency: nil)
            try expectEqual(receipt.accepted, 5, "accepted")
            try expect(!receipt.replayed, "a first commit is not a replay")
            let first = try await ingest.connections(tenant: tenant, filter: ConnectionFilter(), page: PageRequest(limit: 3))
            try expectEqual(first.items.map(\.destination.address), ["198.51.100.4", "198.51.100.3", "198.51.100.2"], "newest first")
            var expected = batch[4]
            expected.id = first.items[0].id
            try expectEqual(first.items[0], expected, "read back equal, with the store's id")
            let rest = try await ingest.connections(tenant: tenant, filter: ConnectionFilter(), page: PageRequest(limit: 3, cursor: first.nextCursor))
            try expectEqual(rest.items.map(\.destination.address), ["198.51.100.1", "198.51.100.0"], "the next page")
            try expectEqual(rest.nextCursor, nil, "no further page")
            let foreign = try await ingest.connections(tenant: other, filter: ConnectionFilter(), page: PageRequest())
            try expect(foreign.items.isEmpty, "another tenant sees none")
        },
        .init("ingest: an idempotency key makes a retry a no-op; the same key with another batch is a conflict") { store in
            let ingest = try ingest(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let key = IdempotencyKey(endpoint: "connections", key: "batch-1", fingerprint: "aaaa")
            let batch = [connection("198.51.100.1", tenant: tenant, started: 0), connection("198.51.100.2", tenant: tenant, started: 1)]
            let first = try await ingest.commit(connections: batch, tenant: tenant, idempotency: key)
            let again = try await ingest.commit(connections: batch, tenant: tenant, idempotency: key)
            try expect(again.replayed && again.accepted == 2, "the retry is answered with the first receipt: \(again)")
            try expectEqual(Int(again.committedAt.timeIntervalSince1970), Int(first.committedAt.timeIntervalSince1970), "the first commit's time")
            try expectEqual(try await ingest.connections(tenant: tenant, filter: ConnectionFilter(), page: PageRequest()).items.count, 2, "stored once")
            try await expectThrows("the key with another batch", matching: { ($0 as? StoreError).map { if case .conflict = $0 { true } else { false } } ?? false }) {
                _ = try await ingest.commit(connections: batch, tenant: tenant, idempotency: IdempotencyKey(endpoint: "connections", key: "batch-1", fingerprint: "bbbb"))
            }
            let elsewhere = try await ingest.commit(connections: batch, tenant: other, idempotency: key)
            try expect(!elsewhere.replayed, "keys are per tenant")
            let metrics = try await ingest.commit(snapshots: [Sample(name: "queue_depth", value: 3, timestamp: Date(timeIntervalSince1970: 1_700_000_000))],
                                                  source: "producer", tenant: tenant, idempotency: IdempotencyKey(endpoint: "metrics", key: "batch-1", fingerprint: "aaaa"))
            try expect(!metrics.replayed, "keys are per endpoint")
        },
        .init("ingest: snapshots are samples of their source, stored once per key") { store in
            let ingest = try ingest(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let at = Date(timeIntervalSince1970: 1_700_000_000)
            let snapshots = [Sample(name: "queue_depth", labels: ["queue": "mail"], value: 3, timestamp: at),
                             Sample(name: "queue_depth", labels: ["queue": "jobs"], value: 7, timestamp: at)]
            let key = IdempotencyKey(endpoint: "metrics", key: "m-1", fingerprint: "ffff")
            _ = try await ingest.commit(snapshots: snapshots, source: "producer-1", tenant: tenant, idempotency: key)
            _ = try await ingest.commit(snapshots: snapshots, source: "producer-1", tenant: tenant, idempotency: key)
            guard let samples = (store as? any SampleStore)?.samples else { throw ConformanceFailure(message: "no samples", location: #fileID) }
            let points = try await samples.query(SampleQuery(source: "producer-1", from: at.addingTimeInterval(-1), to: at.addingTimeInterval(1), resolution: .raw),
                                                 tenant: tenant)
            try expectEqual(points.map(\.avg), [7, 3], "one point per series, ordered by labels")
        },
        .init("ingest: filters by time, address, country, ASN and transport; aggregates and traffic per bucket") { store in
            let ingest = try ingest(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            _ = try await ingest.commit(connections: [
                connection("198.51.100.1", tenant: tenant, started: 0, bytes: 100, country: "DE", asn: 64_500),
                connection("198.51.100.1", tenant: tenant, started: 30, bytes: 100, country: "DE", asn: 64_500),
                connection("203.0.113.9", tenant: tenant, started: 70, bytes: 1_000, country: "JP", asn: 64_501, transport: "udp"),
                connection("192.0.2.77", tenant: tenant, started: 130, bytes: 10),
            ], tenant: tenant, idempotency: nil)
            func addresses(_ filter: ConnectionFilter) async throws -> [String] {
                try await ingest.connections(tenant: tenant, filter: filter, page: PageRequest()).items.map(\.destination.address)
            }
            try expectEqual(try await addresses(ConnectionFilter(country: "DE")), ["198.51.100.1", "198.51.100.1"], "by country")
            try expectEqual(try await addresses(ConnectionFilter(asn: 64_501)), ["203.0.113.9"], "by ASN")
            try expectEqual(try await addresses(ConnectionFilter(transport: "udp")), ["203.0.113.9"], "by transport")
            try expectEqual(try await addresses(ConnectionFilter(address: "10.0.0.5")).count, 4, "by source address")
            try expectEqual(try await addresses(ConnectionFilter(from: Date(timeIntervalSince1970: 1_700_000_030),
                                                                 to: Date(timeIntervalSince1970: 1_700_000_130))),
                            ["203.0.113.9", "198.51.100.1"], "by start time, from inclusive, to exclusive")
            let countries = try await ingest.aggregate(tenant: tenant, filter: ConnectionFilter(), by: .country, limit: 10)
            try expectEqual(countries, [ConnectionAggregate(key: "JP", label: "Name of JP", connections: 1, bytes: 3_000),
                                        ConnectionAggregate(key: "DE", label: "Name of DE", connections: 2, bytes: 600),
                                        ConnectionAggregate(key: "", label: nil, connections: 1, bytes: 30)], "countries by bytes")
            let asns = try await ingest.aggregate(tenant: tenant, filter: ConnectionFilter(), by: .asn, limit: 1)
            try expectEqual(asns, [ConnectionAggregate(key: "64501", label: "AS 64501 Org", connections: 1, bytes: 3_000)], "the top ASN")
            let destinations = try await ingest.aggregate(tenant: tenant, filter: ConnectionFilter(country: "DE"), by: .destination, limit: 10)
            try expectEqual(destinations, [ConnectionAggregate(key: "198.51.100.1", connections: 2, bytes: 600)], "destinations, filtered")
            let traffic = try await ingest.traffic(tenant: tenant, filter: ConnectionFilter(), bucketSeconds: 60)
            try expectEqual(traffic.map(\.connections), [2, 1, 1], "per minute")
            try expectEqual(traffic.map(\.bytesSent), [200, 1_000, 10], "bytes sent per minute")
            try expectEqual(traffic.first?.start, Date(timeIntervalSince1970: 1_699_999_980), "buckets start on the bucket boundary")
            let pruned = try await ingest.prune(before: Date(timeIntervalSince1970: 1_700_000_060), keysBefore: Date())
            try expectEqual(pruned, 2, "retention removes the oldest")
        },
    ]
}
