import Foundation
import Kernel

extension StoreConformance {
    static func logs(of store: any Store) throws -> any LogRepository {
        guard let logs = (store as? any LogStore)?.logs else { throw ConformanceFailure(message: "the store keeps no logs", location: #fileID) }
        return logs
    }

    static func line(_ message: String, tenant: TenantID, at seconds: Double, level: LogLevel = .info, source: String? = "api",
                     monitor: MonitorID? = nil) -> LogEntry {
        LogEntry(tenantID: tenant, time: Fixtures.time(seconds), receivedAt: Fixtures.time(seconds + 1), level: level, message: message,
                 source: source, monitorID: monitor, fields: .object(["status": .number(500), "user": .string("ada")]))
    }

    /// Cases for `LogStore`s, added by `cases(for:)` to every store type that conforms.
    static let logCases: [StoreConformanceCase] = [
        .init("logs: search finds a word in a message, any case, whole words only, within the tenant") { store in
            let logs = try logs(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            _ = try await logs.commit(logs: [
                line("Connection refused by upstream 10.0.0.7:5432", tenant: tenant, at: 1, level: .error),
                line("request served in 12 ms", tenant: tenant, at: 2),
                line("Upstream connection re-established", tenant: tenant, at: 3, level: .warning, source: "proxy"),
                line("refusedness is not a word we match", tenant: tenant, at: 4),
            ], tenant: tenant, idempotency: nil)
            _ = try await logs.commit(logs: [line("connection refused in another tenant", tenant: other, at: 1)], tenant: other, idempotency: nil)
            func messages(_ filter: LogFilter) async throws -> [String] {
                try await logs.search(tenant: tenant, filter: filter, page: PageRequest()).items.map(\.message)
            }
            try expectEqual(try await messages(LogFilter(text: "REFUSED")), ["Connection refused by upstream 10.0.0.7:5432"], "a word, any case, not a prefix")
            try expectEqual(try await messages(LogFilter(text: "connection upstream")),
                            ["Upstream connection re-established", "Connection refused by upstream 10.0.0.7:5432"], "every word, newest first")
            try expectEqual(try await messages(LogFilter(text: "5432")), ["Connection refused by upstream 10.0.0.7:5432"], "a number is a word")
            try expectEqual(try await messages(LogFilter(text: "\"; DROP TABLE logs; -- ' OR 1=1 NEAR(")), [], "operators are words, not syntax")
            try expectEqual(try await messages(LogFilter(text: "  ...  ")), [], "a query of no words matches nothing")
            try expectEqual(try await messages(LogFilter(levels: [.warning, .error])).count, 2, "levels")
            try expectEqual(try await messages(LogFilter(source: "proxy")), ["Upstream connection re-established"], "source")
            try expectEqual(try await messages(LogFilter(from: Fixtures.time(2), to: Fixtures.time(4), text: "connection")),
                            ["Upstream connection re-established"], "a time range with text")
            let read = try await logs.search(tenant: tenant, filter: LogFilter(text: "served"), page: PageRequest()).items.first
            try expect(read?.fields == .object(["status": .number(500), "user": .string("ada")]) && read?.source == "api" && read?.level == .info
                       && Fixtures.close(read?.time, Fixtures.time(2)) && read?.id != nil, "a line read back whole: \(String(describing: read))")
        },
        .init("logs: pages by cursor, newest first; monitor filter; retention; idempotent retry") { store in
            let logs = try logs(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = MonitorID.random()
            let batch = (0..<5).map { line("line \($0)", tenant: tenant, at: Double($0), monitor: $0 % 2 == 0 ? monitor : nil) }
            let key = IdempotencyKey(endpoint: "logs", key: "k1", fingerprint: "f1")
            _ = try await logs.commit(logs: batch, tenant: tenant, idempotency: key)
            let again = try await logs.commit(logs: batch, tenant: tenant, idempotency: key)
            try expect(again.replayed && again.accepted == 5, "a retry is a replay: \(again)")
            let first = try await logs.search(tenant: tenant, filter: LogFilter(), page: PageRequest(limit: 3))
            try expectEqual(first.items.map(\.message), ["line 4", "line 3", "line 2"], "the first page")
            let rest = try await logs.search(tenant: tenant, filter: LogFilter(), page: PageRequest(limit: 3, cursor: first.nextCursor))
            try expectEqual(rest.items.map(\.message), ["line 1", "line 0"], "the next page; the retry stored nothing")
            try expectEqual(rest.nextCursor, nil, "no further page")
            try expectEqual(try await logs.search(tenant: tenant, filter: LogFilter(monitorID: monitor), page: PageRequest()).items.map(\.message),
                            ["line 4", "line 2", "line 0"], "by monitor")
            try expectEqual(try await logs.count(tenant: tenant, since: Fixtures.time(3)), 3, "received since")
            try expectEqual(try await logs.prune(before: Fixtures.time(2)), 2, "retention removed the two oldest")
            try expectEqual(try await logs.search(tenant: tenant, filter: LogFilter(text: "line"), page: PageRequest()).items.count, 3,
                            "the search index forgot the pruned lines")
        },
    ]
}
