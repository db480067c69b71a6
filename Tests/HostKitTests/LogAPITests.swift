import Foundation
import HostKit
import Kernel
import Testing

/// Log lines over HTTP: sent with a push monitor's token or an ingest key, as JSON lines
/// (CRLF or LF) or a JSON array, refused whole with the line and field named, searched by
/// word, level, source and monitor, newest first, paged by cursor.
@Suite("logs over HTTP")
struct LogAPITests {
    @Test func linesSentWithAPushTokenOrAnIngestKeyAreSearchedByWord() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (monitor, token) = try await PushMonitorAPITests.createPushMonitor(host, interval: 60)
        // JSON lines with CRLF, as a Windows producer writes them, and a blank line.
        let lines = #"{"level":"WARN","message":"Connection refused by db-1:5432","source":"api","fields":{"attempt":3}}"# + "\r\n\r\n"
            + #"{"message":"request served in 12 ms","time":"2026-12-05T10:00:00Z"}"# + "\r\n"
        let sent = try await host.request(.POST, "/api/v1/logs/ingest", body: lines, headers: ["X-Push-Token": token], auth: .none)
        #expect(sent.status == 202 && sent.value("accepted") == .number(2), "\(sent.body)")

        let key = try await IngestAPITests.ingestKey(host)
        let array = #"[{"level":"error","message":"upstream connection reset","source":"proxy"},{"level":"debug","message":"cache warm"}]"#
        let keyed = try await host.request(.POST, "/api/v1/logs/ingest", body: array, headers: ["Idempotency-Key": "logs-1"], auth: .apiKey(key))
        #expect(keyed.status == 202 && keyed.value("accepted") == .number(2), "\(keyed.body)")
        let retried = try await host.request(.POST, "/api/v1/logs/ingest", body: array, headers: ["Idempotency-Key": "logs-1"], auth: .apiKey(key))
        #expect(retried.status == 202 && retried.value("replayed") == .bool(true), "a retry is stored once: \(retried.body)")

        let found = try await host.request(.GET, "/api/v1/logs?q=REFUSED")
        #expect(found.value("items")?.arrayValue?.count == 1, "\(found.body)")
        #expect(found.string("items.0.level") == "warning" && found.string("items.0.monitorID") == monitor, "the token's monitor: \(found.body)")
        #expect(found.value("items.0.fields.attempt") == .number(3))
        let words = try await host.request(.GET, "/api/v1/logs?q=connection")
        #expect(words.value("items")?.arrayValue?.count == 2, "\(words.body)")
        let byLevel = try await host.request(.GET, "/api/v1/logs?level=warn,error")
        #expect(byLevel.value("items")?.arrayValue?.count == 2, "\(byLevel.body)")
        let byMonitor = try await host.request(.GET, "/api/v1/logs?monitorId=\(monitor)&limit=1")
        #expect(byMonitor.string("items.0.message") == "request served in 12 ms", "newest first: \(byMonitor.body)")
        let next = try #require(byMonitor.string("nextCursor"), "\(byMonitor.body)")
        let second = try await host.request(.GET, "/api/v1/logs?monitorId=\(monitor)&limit=1&cursor=\(next)")
        #expect(second.string("items.0.message") == "Connection refused by db-1:5432" && second.value("nextCursor") == nil, "\(second.body)")
        #expect(try await host.request(.GET, "/api/v1/logs?source=proxy").value("items")?.arrayValue?.count == 1)
        let readByKey = try await host.request(.GET, "/api/v1/logs", auth: .apiKey(key))
        #expect(readByKey.status == 403, "an ingest key cannot read: \(readByKey.body)")
    }

    @Test func badBatchesAreRefusedWholeNamingTheLine() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (_, token) = try await PushMonitorAPITests.createPushMonitor(host, interval: 60)
        let badLevel = try await host.request(.POST, "/api/v1/logs/ingest", body: #"[{"message":"fine"},{"message":"x","level":"loud"}]"#,
                                              headers: ["X-Push-Token": token], auth: .none)
        #expect(badLevel.status == 422 && badLevel.body.contains("logs[1].level"), "\(badLevel.body)")
        let unknown = try await host.request(.POST, "/api/v1/logs/ingest", body: #"{"message":"x","colour":"red"}"#,
                                             headers: ["X-Push-Token": token], auth: .none)
        #expect(unknown.status == 422 && unknown.body.contains("logs[0].colour"), "\(unknown.body)")
        let torn = try await host.request(.POST, "/api/v1/logs/ingest", body: "{\"message\":\"ok\"}\n{\"message\":\"trunc",
                                          headers: ["X-Push-Token": token], auth: .none)
        #expect(torn.status == 400 && torn.body.contains("line 2"), "\(torn.body)")
        let stored = try await host.request(.GET, "/api/v1/logs")
        #expect(stored.value("items") == .array([]), "nothing of a refused batch is stored: \(stored.body)")

        #expect(try await host.request(.POST, "/api/v1/logs/ingest", body: #"{"message":"x"}"#, auth: .none).status == 401)
        let forged = try await host.request(.POST, "/api/v1/logs/ingest", body: #"{"message":"x"}"#,
                                            headers: ["X-Push-Token": "vpush_" + String(repeating: "A", count: 43)], auth: .none)
        #expect(forged.status == 401, "\(forged.body)")
        let badQuery = try await host.request(.GET, "/api/v1/logs?level=loud")
        #expect(badQuery.status == 422 && badQuery.body.contains("level"), "\(badQuery.body)")
    }
}
