import FixtureServers
import Foundation
import HostKit
import Kernel
import KernelTesting
import Testing

/// Producers' batches over HTTP: committed before 202, enriched with GeoIP, retried with an
/// Idempotency-Key and stored once, refused whole with 413 or 422, read back filtered and
/// aggregated in their own tenant.
@Suite("ingestion over HTTP")
struct IngestAPITests {
    static func connection(_ destination: String, port: Int = 443, started: String = "2026-12-05T10:00:00Z", bytes: Int = 1000,
                           protocol transport: String = "tcp") -> String {
        #"{"source":{"address":"10.0.0.5","port":51514},"destination":{"address":"\#(destination)","port":\#(port)},"protocol":"\#(transport)","#
            + #""bytesSent":\#(bytes),"bytesReceived":\#(bytes * 10),"packetsSent":10,"packetsReceived":20,"process":"curl","#
            + #""startedAt":"\#(started)","endedAt":1796468400}"#
    }

    static func batch(_ records: [String]) -> String { #"{"connections":[\#(records.joined(separator: ","))]}"# }

    static func ingestKey(_ host: TestHost) async throws -> String {
        let reply = try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"producer","scopes":["ingest"]}"#)
        return try #require(reply.string("key"), "\(reply.body)")
    }

    static func geoipDirectory() async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await GeoIPFixture.write("GeoLite2-City", networks: [
            .city("198.51.100.0/24", countryCode: "DE", country: "Germany", city: "Berlin", latitude: 52.52, longitude: 13.4),
            .city("203.0.113.0/24", countryCode: "JP", country: "Japan", city: "Tokyo", latitude: 35.7, longitude: 139.7),
        ], to: directory + "/GeoLite2-City.mmdb")
        try await GeoIPFixture.write("GeoLite2-ASN", networks: [.asn("198.51.100.0/24", number: 64_500, organization: "Example Transit"),
                                                                .asn("203.0.113.0/24", number: 64_501, organization: "Example Pacific")],
                                     to: directory + "/GeoLite2-ASN.mmdb")
        return directory
    }

    @Test func acceptedBatchesAreEnrichedAndReadBackFilteredAndAggregated() async throws {
        let geoip = try await Self.geoipDirectory()
        defer { try? FileManager.default.removeItem(atPath: geoip) }
        let host = try await TestHost.start(rateLimits: [], geoipConfig: .object(["directory": .string(geoip)]))
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let posted = try await host.request(.POST, "/api/v1/connections", body: Self.batch([
            Self.connection("198.51.100.7"), Self.connection("198.51.100.7", started: "2026-12-05T10:01:00Z"),
            Self.connection("203.0.113.9", started: "2026-12-05T10:02:00Z", bytes: 50_000, protocol: "UDP"), Self.connection("192.0.2.10", bytes: 1),
        ]), auth: .apiKey(key))
        #expect(posted.status == 202, "\(posted.body)")
        #expect(posted.value("accepted") == .number(4) && posted.value("replayed") == .bool(false))

        let listed = try await host.request(.GET, "/api/v1/connections?limit=2")
        #expect(listed.string("items.0.destination.address") == "192.0.2.10", "newest first: \(listed.body)")
        #expect(listed.value("items.0.destination.geo") == nil, "nothing is known of a documentation address")
        #expect(listed.string("items.1.destination.geo.countryCode") == "JP" && listed.value("items.1.destination.geo.asn") == .number(64_501))
        #expect(listed.string("items.1.transport") == "udp" && listed.string("items.1.source.address") == "10.0.0.5")
        let next = try #require(listed.string("nextCursor"))
        let rest = try await host.request(.GET, "/api/v1/connections?limit=2&cursor=\(next)")
        #expect(rest.string("items.1.destination.geo.city") == "Berlin")

        #expect(try await host.request(.GET, "/api/v1/connections?country=de").value("items")?.arrayValue?.count == 2)
        #expect(try await host.request(.GET, "/api/v1/connections?asn=AS64501").string("items.0.destination.address") == "203.0.113.9")
        #expect(try await host.request(.GET, "/api/v1/connections?protocol=udp").value("items")?.arrayValue?.count == 1)
        let top = try await host.request(.GET, "/api/v1/connections/top?by=country")
        #expect(top.string("items.0.key") == "JP" && top.value("items.0.bytes") == .number(550_000), "\(top.body)")
        #expect(top.string("items.1.key") == "DE" && top.value("items.1.connections") == .number(2) && top.string("items.1.label") == "Germany")
        let asns = try await host.request(.GET, "/api/v1/connections/top?by=asn&limit=1")
        #expect(asns.string("items.0.label") == "Example Pacific" && asns.value("items")?.arrayValue?.count == 1)
        let traffic = try await host.request(.GET, "/api/v1/connections/traffic?from=2026-12-05T09:00:00Z&to=2026-12-05T11:00:00Z&bucket=60")
        #expect(traffic.value("items")?.arrayValue?.map { $0["connections"] } == [.number(2), .number(1), .number(1)], "\(traffic.body)")

        #expect(try await host.request(.GET, "/api/v1/connections", auth: .apiKey(key)).status == 403, "an ingest key cannot read")
        let other = try await host.register("outsider")
        #expect(try await host.request(.GET, "/api/v1/connections", auth: .token(other)).value("items") == .array([]), "another tenant sees nothing")
    }

    @Test func aRetryWithTheSameIdempotencyKeyIsStoredOnceAndAnotherBatchUnderItIsAConflict() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let body = Self.batch([Self.connection("198.51.100.7"), Self.connection("198.51.100.8")])
        let first = try await host.request(.POST, "/api/v1/connections", body: body, headers: ["Idempotency-Key": "batch-0001"], auth: .apiKey(key))
        #expect(first.status == 202 && first.headers["idempotent-replayed"] == nil)
        let retry = try await host.request(.POST, "/api/v1/connections", body: body, headers: ["Idempotency-Key": "batch-0001"], auth: .apiKey(key))
        #expect(retry.status == 202 && retry.headers["idempotent-replayed"] == "true" && retry.value("accepted") == .number(2), "\(retry.body)")
        #expect(retry.string("committedAt") == first.string("committedAt"))
        let other = try await host.request(.POST, "/api/v1/connections", body: Self.batch([Self.connection("198.51.100.9")]),
                                           headers: ["Idempotency-Key": "batch-0001"], auth: .apiKey(key))
        #expect(other.status == 409, "\(other.body)")
        #expect(try await host.request(.GET, "/api/v1/connections").value("items")?.arrayValue?.count == 2, "stored once")
        let bad = try await host.request(.POST, "/api/v1/connections", body: body, headers: ["Idempotency-Key": "has space"], auth: .apiKey(key))
        #expect(bad.status == 422 && bad.string("errors.0.field") == "Idempotency-Key")
    }

    @Test func aBatchOverTheLimitsIsRefusedWith413NamingTheLimit() async throws {
        let host = try await TestHost.start(rateLimits: [], ingest: IngestSettings(maxBatchRecords: 3, maxBodyBytes: 2048))
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let four = try await host.request(.POST, "/api/v1/connections", body: Self.batch((0..<4).map { Self.connection("198.51.100.\($0)") }),
                                          auth: .apiKey(key))
        #expect(four.status == 413 && four.string("detail")?.contains("ingest.maxBatchRecords") == true && four.string("detail")?.contains("3") == true,
                "\(four.body)")
        let padded = #"{"snapshots":[{"name":"up","value":1,"labels":{"note":"\#(String(repeating: "a", count: 2100))"}}]}"#
        let large = try await host.request(.POST, "/api/v1/metrics", body: padded, auth: .apiKey(key))
        #expect(large.status == 413 && large.string("detail")?.contains("2048") == true, "\(large.body)")
        #expect(try await host.request(.GET, "/api/v1/connections").value("items") == .array([]), "nothing stored")
    }

    @Test(arguments: [
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"example.org"},"protocol":"tcp","startedAt":"2026-12-05T10:00:00Z"}"#, "connections[2].destination.address"),
        (#"{"source":{"address":"10.0.0.5","port":70000},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800}"#, "connections[2].source.port"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"protocol":"t c p","startedAt":1764928800}"#, "connections[2].protocol"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800000}"#, "connections[2].startedAt"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800,"endedAt":1764928700}"#, "connections[2].endedAt"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800,"bytesSent":-1}"#, "connections[2].bytesSent"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800,"colour":"red"}"#, "connections[2].colour"),
        (#"{"source":{"address":"10.0.0.5"},"destination":{"address":"192.0.2.1"},"startedAt":1764928800}"#, "connections[2].protocol"),
        // Unknown keys in a nested object: the fast path (straight from the bytes) must hand
        // these to the strict one, which names them.
        (#"{"source":{"address":"10.0.0.5","colour":"red"},"destination":{"address":"192.0.2.1"},"protocol":"tcp","startedAt":1764928800}"#, "connections[2].source.colour"),
    ])
    func aBadRecordIsNamedByIndexAndFieldAndNothingOfTheBatchIsStored(_ record: String, _ field: String) async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/connections", body: Self.batch([Self.connection("198.51.100.1"), Self.connection("198.51.100.2"), record]))
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == field, "\(reply.body)")
        #expect(try await host.request(.GET, "/api/v1/connections").value("items") == .array([]), "nothing of the batch is stored")
    }

    @Test func anUnknownKeyBesideTheConnectionsIsNamedAndNothingIsStored() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let body = #"{"connections":[\#(Self.connection("198.51.100.1"))],"producer":"edge-1"}"#
        let reply = try await host.request(.POST, "/api/v1/connections", body: body)
        #expect(reply.status == 422 && reply.string("errors.0.field") == "producer", "\(reply.body)")
        #expect(try await host.request(.GET, "/api/v1/connections").value("items") == .array([]), "nothing stored")
    }

    @Test func metricSnapshotsAreReadBackAsSeriesOfTheirSource() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let key = try await Self.ingestKey(host)
        let now = Date().timeIntervalSince1970
        let body = #"{"source":"producer-1","snapshots":[{"name":"queue_depth","value":3,"labels":{"queue":"mail"},"time":\#(now - 5)},{"name":"queue_depth","value":8,"labels":{"queue":"mail"},"time":\#(now - 1)}]}"#
        let posted = try await host.request(.POST, "/api/v1/metrics", body: body, headers: ["Idempotency-Key": "m-1"], auth: .apiKey(key))
        #expect(posted.status == 202 && posted.value("accepted") == .number(2), "\(posted.body)")
        _ = try await host.request(.POST, "/api/v1/metrics", body: body, headers: ["Idempotency-Key": "m-1"], auth: .apiKey(key))
        let series = try await host.request(.GET, "/api/v1/metrics?source=producer-1&names=queue_depth")
        #expect(series.string("series.0.labels.queue") == "mail", "\(series.body)")
        #expect(series.value("series.0.points")?.arrayValue?.compactMap { $0["value"] } == [.number(3), .number(8)], "stored once: \(series.body)")
        let bad = try await host.request(.POST, "/api/v1/metrics", body: #"{"snapshots":[{"name":"ok","value":1},{"name":"9lives","value":1}]}"#, auth: .apiKey(key))
        #expect(bad.status == 422 && bad.string("errors.0.field") == "snapshots[1].name", "\(bad.body)")
    }
}
