import Foundation
import Kernel

extension StoreConformance {
    static let importCases: [StoreConformanceCase] = [
        .init("monitors: createAll stores every monitor in one transaction, or none") { store in
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "Other")
            // 12,000: more than one of store.postgres's 10,000-row chunks.
            let batch = (0..<12_000).map { Fixtures.monitor(tenant: tenant, name: "m\($0)") }
            try await store.monitors.createAll(batch, tenant: tenant)
            let listed = try await store.monitors.list(tenant: tenant, page: PageRequest(limit: 500))
            try expectEqual(listed.items.map(\.id), Array(batch.prefix(500)).map(\.id), "stored in order, as created")
            try expectEqual(try await store.monitors.get(batch[11_999].id, tenant: tenant)?.name, "m11999", "the last one too")
            try expect(Fixtures.same(try await store.monitors.get(batch[10_001].id, tenant: tenant), batch[10_001]), "every field, in a later chunk")

            let fresh = (0..<3).map { Fixtures.monitor(tenant: tenant, name: "new\($0)") }
            for refused in [fresh + [batch[7]], fresh + [Fixtures.monitor(tenant: other, name: "theirs")]] {
                do {
                    try await store.monitors.createAll(refused, tenant: tenant)
                    throw ConformanceFailure(message: "a batch with an existing id or another tenant's monitor was accepted", location: "\(#fileID):\(#line)")
                } catch let error as StoreError {
                    guard case .conflict = error else { throw error }
                }
                for monitor in fresh {
                    try expectEqual(try await store.monitors.get(monitor.id, tenant: tenant), nil, "nothing of a refused batch is stored")
                }
            }
            try await store.monitors.createAll([], tenant: tenant)
        },
    ]
}
