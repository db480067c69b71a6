import Foundation
import Kernel

extension StoreConformance {
    static func pushes(of store: any Store) throws -> any PushRepository {
        guard let pushes = (store as? any PushStore)?.pushes else { throw ConformanceFailure(message: "the store keeps no push tokens", location: #fileID) }
        return pushes
    }

    /// Cases for `PushStore`s, added by `cases(for:)` to every store type that conforms.
    static let pushCases: [StoreConformanceCase] = [
        .init("push: a token is found by its hash; issuing another replaces it; it stays in its tenant") { store in
            let pushes = try pushes(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            let owner = PushTokenOwner(tenantID: tenant, monitorID: monitor.id)
            try await pushes.issue(StoredPushToken(owner: owner, hash: "aa11", issuedAt: Fixtures.time(10)))
            try expectEqual(try await pushes.owner(ofTokenHash: "aa11"), owner, "the owner of the token")
            try await pushes.issue(StoredPushToken(owner: owner, hash: "bb22", issuedAt: Fixtures.time(20)))
            try expectEqual(try await pushes.owner(ofTokenHash: "aa11"), nil, "the replaced token is gone")
            try expectEqual(try await pushes.owner(ofTokenHash: "bb22"), owner, "the new token")
            let stored = try await pushes.token(monitor: monitor.id, tenant: tenant)
            try expect(stored?.hash == "bb22" && Fixtures.close(stored?.issuedAt, Fixtures.time(20)), "the stored token: \(String(describing: stored))")
            try expectEqual(try await pushes.token(monitor: monitor.id, tenant: other), nil, "another tenant reads no token")
            try await expectThrows("a token for a monitor of another tenant", matching: { ($0 as? StoreError).map { if case .notFound = $0 { true } else { false } } ?? false }) {
                try await pushes.issue(StoredPushToken(owner: PushTokenOwner(tenantID: other, monitorID: monitor.id), hash: "cc33", issuedAt: Fixtures.time(30)))
            }
        },
        .init("push: the latest beat is kept; token and beat go with their monitor") { store in
            let pushes = try pushes(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let monitor = Fixtures.monitor(tenant: tenant)
            try await store.monitors.create(monitor, tenant: tenant)
            try expectEqual(try await pushes.latestBeat(monitor: monitor.id), nil, "no beat before the first")
            try await pushes.issue(StoredPushToken(owner: PushTokenOwner(tenantID: tenant, monitorID: monitor.id), hash: "dd44", issuedAt: Fixtures.time(0)))
            try await pushes.record(PushBeat(tenantID: tenant, monitorID: monitor.id, receivedAt: Fixtures.time(5), status: .up))
            let last = PushBeat(tenantID: tenant, monitorID: monitor.id, receivedAt: Fixtures.time(9), status: .down, message: "disk full ✗", latencyMs: 12.5)
            try await pushes.record(last)
            let read = try await pushes.latestBeat(monitor: monitor.id)
            try expect(read?.status == .down && read?.message == "disk full ✗" && read?.latencyMs == 12.5 && Fixtures.close(read?.receivedAt, last.receivedAt),
                       "the latest beat read back: \(String(describing: read))")
            try await store.monitors.delete(monitor.id, tenant: tenant)
            try expectEqual(try await pushes.owner(ofTokenHash: "dd44"), nil, "the token went with the monitor")
            try expectEqual(try await pushes.latestBeat(monitor: monitor.id), nil, "the beat went with the monitor")
        },
    ]
}
