import Foundation
import Kernel

extension StoreConformance {
    static func hosts(of store: any Store) throws -> any RemoteHostRepository {
        guard let hosts = (store as? any HostStore)?.hosts else { throw ConformanceFailure(message: "the store keeps no hosts", location: #fileID) }
        return hosts
    }

    static func host(_ name: String, tenant: TenantID, created: Double = 0) -> RemoteHost {
        RemoteHost(tenantID: tenant, name: name, address: "192.0.2.10", port: 2222, username: "ops",
                   credentials: .object(["password": .string("sealed:v1:abc")]), location: "Frankfurt", tags: ["edge", "eu"],
                   createdAt: Date(timeIntervalSince1970: 1_700_000_000 + created), updatedAt: Date(timeIntervalSince1970: 1_700_000_000 + created))
    }

    /// Cases for `HostStore`s, added by `cases(for:)` to every store type that conforms.
    static let hostCases: [StoreConformanceCase] = [
        .init("hosts: created, read, listed in order with pages, replaced and deleted, within their tenant") { store in
            let hosts = try hosts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let a = host("a", tenant: tenant, created: 1), b = host("b", tenant: tenant, created: 2), c = host("c", tenant: tenant, created: 3)
            for item in [a, b, c] { try await hosts.create(item, tenant: tenant) }
            try expectEqual(try await hosts.get(a.id, tenant: tenant), a, "read back as written")
            try expectEqual(try await hosts.get(a.id, tenant: other), nil, "invisible to another tenant")
            let first = try await hosts.list(tenant: tenant, page: PageRequest(limit: 2))
            try expectEqual(first.items.map(\.name), ["a", "b"], "oldest first")
            let second = try await hosts.list(tenant: tenant, page: PageRequest(limit: 2, cursor: first.nextCursor))
            try expectEqual(second.items.map(\.name), ["c"], "the next page")
            try expectEqual(second.nextCursor, nil, "the last page")
            try expectEqual(try await hosts.list(tenant: other, page: PageRequest()).items.count, 0, "another tenant lists none")
            var changed = b
            changed.address = "198.51.100.4"
            changed.paused = true
            changed.tags = []
            try await hosts.update(changed, tenant: tenant)
            try expectEqual(try await hosts.get(b.id, tenant: tenant), changed, "replaced")
            try expectEqual(try await hosts.delete(c.id, tenant: other), false, "another tenant cannot delete")
            try expectEqual(try await hosts.delete(c.id, tenant: tenant), true, "deleted")
            try expectEqual(try await hosts.get(c.id, tenant: tenant), nil, "gone")
        },
        .init("hosts: a taken name or id conflicts, an unknown host is not found") { store in
            let hosts = try hosts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let a = host("a", tenant: tenant)
            try await hosts.create(a, tenant: tenant)
            try await expectThrows("same name", matching: { $0 is StoreError }) { try await hosts.create(host("a", tenant: tenant), tenant: tenant) }
            try await expectThrows("same id", matching: { $0 is StoreError }) { var copy = a; copy.name = "z"; try await hosts.create(copy, tenant: tenant) }
            let b = host("b", tenant: tenant)
            try await hosts.create(b, tenant: tenant)
            try await expectThrows("rename onto a taken name", matching: { $0 is StoreError }) { var copy = b; copy.name = "a"; try await hosts.update(copy, tenant: tenant) }
            try await expectThrows("unknown host", matching: { $0 is StoreError }) { try await hosts.update(host("x", tenant: tenant), tenant: tenant) }
        },
        .init("hosts: a host key is pinned once on first use, and replaced only from the pinned one") { store in
            let hosts = try hosts(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let a = host("a", tenant: tenant)
            try await hosts.create(a, tenant: tenant)
            try expectEqual(try await hosts.pinHostKey("SHA256:first", host: a.id, tenant: tenant, expected: nil), true, "first use pins")
            try expectEqual(try await hosts.pinHostKey("SHA256:racer", host: a.id, tenant: tenant, expected: nil), false, "a second first use loses")
            try expectEqual(try await hosts.get(a.id, tenant: tenant)?.hostKey, "SHA256:first", "the first key stays")
            try expectEqual(try await hosts.pinHostKey("SHA256:new", host: a.id, tenant: tenant, expected: "SHA256:first"), true, "accepting a new key")
            try expectEqual(try await hosts.get(a.id, tenant: tenant)?.hostKey, "SHA256:new", "the new key is pinned")
            let other = try await Fixtures.tenant(in: store, name: "other")
            try expectEqual(try await hosts.pinHostKey("SHA256:x", host: a.id, tenant: other, expected: "SHA256:new"), false, "not across tenants")
        },
    ]
}
