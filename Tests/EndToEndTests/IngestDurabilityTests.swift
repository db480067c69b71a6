import Foundation
import Kernel
import Synchronization
import Testing

/// `kill -9` of `vantage serve` in the middle of a stream of ingest batches: every batch that
/// got a 202 is in the store after a restart, every batch is there whole or not at all, and
/// retrying every batch with its Idempotency-Key stores each exactly once.
@Suite("ingestion survives kill -9", .serialized)
struct IngestDurabilityTests {
    static let producers = 4
    static let recordsPerBatch = 50
    static let apiKeys = #",{"plugin":"auth.api_key"}"#
    /// One start time for every batch, so that a retried batch is the same batch.
    static let startedAt = Int(Date().timeIntervalSince1970) - 60

    static func batch(producer: Int, number: Int) -> String {
        let records = (0..<recordsPerBatch).map { index in
            #"{"source":{"address":"10.0.\#(producer).1","port":\#(40_000 + index)},"destination":{"address":"198.51.100.\#(index)","port":443},"#
                + #""protocol":"tcp","bytesSent":\#(index),"bytesReceived":\#(index * 3),"process":"p\#(producer)-b\#(number)","startedAt":\#(startedAt)}"#
        }
        return #"{"connections":[\#(records.joined(separator: ","))]}"#
    }

    @Test func everyAcknowledgedBatchIsStoredAndRetriesAreStoredOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-ingest-kill-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = ServeTests(directory: directory)
        var server = try await serve.start(extraPlugins: Self.apiKeys)
        let token = try await serve.token(server, register: true)
        let created = try await server.request("POST", "/api/v1/apikeys", body: #"{"name":"producer","scopes":["ingest"]}"#, token: token)
        guard case .string(let key)? = serve.field(created.body, "key") else { throw Executables.Missing(description: "no key: \(created.body)") }

        // Producers send batches one after another until the server is gone.
        let ledger = Ledger()
        let running = server
        let streams = (0..<Self.producers).map { producer in
            Task {
                for number in 0..<10_000 {
                    let name = "p\(producer)-b\(number)"
                    ledger.attempted.withLock { _ = $0.insert(name) }
                    guard let reply = try? await running.request("POST", "/api/v1/connections", body: Self.batch(producer: producer, number: number),
                                                                 headers: ["X-API-Key": key, "Idempotency-Key": name]) else { return }
                    if reply.status == 202 { ledger.acknowledged.withLock { _ = $0.insert(name) } }
                }
            }
        }
        while ledger.acknowledged.withLock({ $0.count }) < 40 { try await Task.sleep(for: .milliseconds(20)) }
        await server.kill()
        for stream in streams { await stream.value }
        let acked = ledger.acknowledged.withLock { $0 }
        let tried = ledger.attempted.withLock { $0 }
        #expect(acked.count >= 40)

        server = try await serve.start(extraPlugins: Self.apiKeys)
        defer { server.stop() }
        let before = try await Self.storedBatches(server, token: token)
        for name in acked { #expect(before[name] == Self.recordsPerBatch, "\(name) was acknowledged and must be stored whole") }
        for (name, count) in before { #expect(count == Self.recordsPerBatch && tried.contains(name), "\(name): \(count) records, all or none") }

        // Every batch again, as a producer retries what it is not sure of: each is stored once.
        for name in tried {
            let parts = name.dropFirst().split(separator: "-b").compactMap { Int($0) }
            let reply = try await server.request("POST", "/api/v1/connections", body: Self.batch(producer: parts[0], number: parts[1]),
                                                 headers: ["X-API-Key": key, "Idempotency-Key": name])
            #expect(reply.status == 202, "\(reply.body)")
            #expect(reply.body.contains(#""replayed":true"#) == (before[name] != nil), "\(name): a stored batch is a replay, a lost one is stored now")
        }
        let after = try await Self.storedBatches(server, token: token)
        #expect(after.count == tried.count && after.values.allSatisfy { $0 == Self.recordsPerBatch }, "every batch exactly once")
    }

    /// The batches the producers sent, and those the server acknowledged.
    final class Ledger: Sendable {
        let attempted = Mutex<Set<String>>([])
        let acknowledged = Mutex<Set<String>>([])
    }

    /// Records stored per batch (their `process`), read page by page.
    static func storedBatches(_ server: ServerProcess, token: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var cursor: String?
        repeat {
            let reply = try await server.request("GET", "/api/v1/connections?limit=1000" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            let page = try JSONValue.parse(Data(reply.body.utf8))
            for item in page["items"]?.arrayValue ?? [] { counts[item["process"]?.stringValue ?? "?", default: 0] += 1 }
            cursor = page["nextCursor"]?.stringValue
        } while cursor != nil
        return counts
    }
}
