import Foundation
import Kernel

extension StoreConformance {
    static func traces(of store: any Store) throws -> any TraceRepository {
        guard let traces = (store as? any TraceStore)?.traces else { throw ConformanceFailure(message: "the store keeps no trace runs", location: #fileID) }
        return traces
    }

    static func traceRun(_ target: String, tenant: TenantID, hosts: [RemoteHostID] = [], started: Double = 0) -> TraceRun {
        let hop: JSONValue = .object(["ttl": .number(1), "responders": .array([.object(["address": .string("192.0.2.1")])]),
                                      "sent": .number(10), "received": .number(9), "lossPercent": .number(10)])
        let finished = TraceOrigin(host: nil, name: "local", state: .finished,
                                   result: ProbeResult(status: .up, latency: 0.012, details: .object(["hops": .array([hop])])),
                                   finishedAt: Date(timeIntervalSince1970: 1_700_000_010 + started))
        return TraceRun(tenantID: tenant, target: target, options: .object(["count": .number(10)]),
                        origins: [finished] + hosts.map { TraceOrigin(host: $0, name: "host-\($0)", location: "Frankfurt") },
                        createdAt: Date(timeIntervalSince1970: 1_700_000_000 + started))
    }

    /// Cases for `TraceStore`s, added by `cases(for:)` to every store type that conforms.
    static let traceCases: [StoreConformanceCase] = [
        .init("traces: created, read back equal, updated as origins finish, deleted, within their tenant") { store in
            let traces = try traces(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let host = RemoteHostID.random()
            var run = traceRun("198.51.100.7", tenant: tenant, hosts: [host])
            try await traces.create(run)
            try expectEqual(try await traces.get(run.id, tenant: tenant), run, "read back as written")
            try expectEqual(try await traces.get(run.id, tenant: other), nil, "invisible to another tenant")
            run.origins[1].state = .finished
            run.origins[1].result = ProbeResult(status: .down, failure: ProbeFailure(code: "ssh_connect_failed", message: "refused"))
            run.finishedAt = Date(timeIntervalSince1970: 1_700_000_020)
            try await traces.update(run)
            try expectEqual(try await traces.get(run.id, tenant: tenant), run, "updated")
            try await expectThrows("another tenant's copy", matching: { $0 is StoreError }) {
                var copy = run
                copy.tenantID = other
                try await traces.update(copy)
            }
            try expectEqual(try await traces.delete(run.id, tenant: other), false, "another tenant cannot delete")
            try expectEqual(try await traces.delete(run.id, tenant: tenant), true, "deleted")
            try expectEqual(try await traces.get(run.id, tenant: tenant), nil, "gone")
        },
        .init("traces: listed newest first in pages, filtered by target, host and time; pruned by age") { store in
            let traces = try traces(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let host = RemoteHostID.random()
            let a = traceRun("a.example", tenant: tenant, started: 1), b = traceRun("b.example", tenant: tenant, hosts: [host], started: 2)
            let c = traceRun("a.example", tenant: tenant, hosts: [host, .random()], started: 3), d = traceRun("a.example", tenant: other, started: 4)
            for run in [a, b, c, d] { try await traces.create(run) }
            let first = try await traces.list(tenant: tenant, filter: TraceFilter(), page: PageRequest(limit: 2))
            try expectEqual(first.items.map(\.id), [c.id, b.id], "newest first")
            let second = try await traces.list(tenant: tenant, filter: TraceFilter(), page: PageRequest(limit: 2, cursor: first.nextCursor))
            try expectEqual(second.items.map(\.id), [a.id], "the next page")
            try expectEqual(second.nextCursor, nil, "the last page")
            try expectEqual(try await traces.list(tenant: tenant, filter: TraceFilter(target: "a.example"), page: PageRequest()).items.map(\.id), [c.id, a.id], "by target")
            try expectEqual(try await traces.list(tenant: tenant, filter: TraceFilter(host: host), page: PageRequest()).items.map(\.id), [c.id, b.id], "by host")
            let window = TraceFilter(from: Date(timeIntervalSince1970: 1_700_000_002), to: Date(timeIntervalSince1970: 1_700_000_003))
            try expectEqual(try await traces.list(tenant: tenant, filter: window, page: PageRequest()).items.map(\.id), [b.id], "from inclusive, to exclusive")
            try expectEqual(try await traces.prune(before: Date(timeIntervalSince1970: 1_700_000_003)), 2, "a and b are older")
            try expectEqual(try await traces.list(tenant: tenant, filter: TraceFilter(), page: PageRequest()).items.map(\.id), [c.id], "c remains")
        },
    ]
}
