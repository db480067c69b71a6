import Foundation
import HostKit
import Kernel
import Testing

/// `GET /api/v1/monitors` with search and filters (what the web list asks), and the status
/// bars of many monitors in one request.
@Suite("monitor search, filters and batch bars")
struct MonitorListQueryTests {
    @Test func searchAndFiltersAnswerWithATotalAndOffsetCursors() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        var ids: [String] = []
        for index in 0..<25 {
            let tags = index % 5 == 0 ? #"["edge","eu"]"# : #"["core"]"#
            // Only loopback targets: the scheduler checks these monitors while the test runs.
            let kind = index % 2 == 0 ? "tcp" : "http"
            let target = kind == "tcp" ? "127.0.0.1:\(1000 + index)" : "http://127.0.0.1:9/db\(index)"
            let made = try await host.request(.POST, "/api/v1/monitors", body: """
                {"name":"Service-\(index)-API","kind":"\(kind)","target":"\(target)","interval":3600,"tags":\(tags),"paused":\(index == 3)}
                """)
            #expect(made.status == 201, "\(made.body)")
            ids.append(try #require(made.string("id")))
        }
        let all = try await host.request(.GET, "/api/v1/monitors?q=&limit=10")
        #expect(all.value("total") == .number(25) && all.value("items")?.arrayValue?.count == 10 && all.string("nextCursor") == "o10", "\(all.body)")
        let last = try await host.request(.GET, "/api/v1/monitors?q=&limit=10&cursor=o20")
        #expect(last.value("items")?.arrayValue?.count == 5 && last.value("nextCursor") == nil, "\(last.body)")

        let words = try await host.request(.GET, "/api/v1/monitors?q=api%20SERVICE-12-")
        #expect(words.value("total") == .number(1) && words.string("items.0.name") == "Service-12-API", "\(words.body)")
        let byTarget = try await host.request(.GET, "/api/v1/monitors?q=9%2FDB7")
        #expect(byTarget.value("total") == .number(1), "a target matches, any case: \(byTarget.body)")
        let tagged = try await host.request(.GET, "/api/v1/monitors?tag=edge")
        #expect(tagged.value("total") == .number(5), "\(tagged.body)")
        let tcpEdge = try await host.request(.GET, "/api/v1/monitors?tag=edge&kind=tcp")
        #expect(tcpEdge.value("total") == .number(3), "0, 10 and 20: \(tcpEdge.body)")
        let paused = try await host.request(.GET, "/api/v1/monitors?status=paused")
        #expect(paused.value("total") == .number(1) && paused.string("items.0.id") == ids[3], "\(paused.body)")
        let any = try await host.request(.GET, "/api/v1/monitors?status=paused,pending&status=up,down,degraded")
        #expect(any.value("total") == .number(25), "repeated and comma-separated values are alternatives: \(any.body)")

        let badStatus = try await host.request(.GET, "/api/v1/monitors?status=sideways")
        #expect(badStatus.status == 422 && badStatus.string("errors.0.field") == "status" && badStatus.body.contains("degraded"), "\(badStatus.body)")
        let badCursor = try await host.request(.GET, "/api/v1/monitors?q=&cursor=abc")
        #expect(badCursor.status == 422 && badCursor.string("errors.0.field") == "cursor", "\(badCursor.body)")
        let plain = try await host.request(.GET, "/api/v1/monitors?limit=5")
        #expect(plain.value("total") == nil && plain.value("items")?.arrayValue?.count == 5, "without filters the listing is as before")

        // Batch bars: one request for many rows; another tenant's monitor is left out.
        let bars = try await host.request(.GET, "/api/v1/monitors/history?ids=\(ids[0]),\(ids[1])")
        #expect(bars.status == 200 && bars.value("\(ids[0]).up")?.arrayValue?.count == 72, "\(bars.body)")
        #expect(bars.value("\(ids[0]).down")?.arrayValue?.count == 72 && bars.value("\(ids[0]).bucketSeconds") == .number(3600))
        #expect(bars.value("\(ids[1]).latencies") == .array([]), "\(bars.body)")
        let stranger = try await host.register("mallory")
        let hidden = try await host.request(.GET, "/api/v1/monitors/history?ids=\(ids[0])", auth: .token(stranger))
        #expect(hidden.status == 200 && hidden.value(ids[0]) == nil, "\(hidden.body)")
        let tooMany = try await host.request(.GET, "/api/v1/monitors/history?ids=" + Array(repeating: ids[0], count: 201).joined(separator: ","))
        #expect(tooMany.status == 422 && tooMany.string("errors.0.field") == "ids")
        let notAnID = try await host.request(.GET, "/api/v1/monitors/history?ids=nope")
        #expect(notAnID.status == 422 && notAnID.string("errors.0.field") == "ids")
    }
}
