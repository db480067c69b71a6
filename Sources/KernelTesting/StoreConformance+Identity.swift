import Foundation
import Kernel

extension StoreConformance {
    static func user(_ name: String) -> User {
        User(email: "\(name)@Example.org", username: name, passwordHash: "$2b$10$hash-of-\(name)", createdAt: Fixtures.time(0))
    }

    static let identityCases: [StoreConformanceCase] = [
        .init("users: create, find by e-mail or user name case-insensitively, refuse duplicates") { store in
            let ada = user("Ada")
            try await store.users.create(ada)
            try await expectEqual(store.users.get(ada.id), ada, "user round-trips")
            try await expectEqual(store.users.find(login: "ADA@example.ORG")?.id, ada.id, "find by e-mail")
            try await expectEqual(store.users.find(login: "ada")?.id, ada.id, "find by user name")
            try await expectEqual(store.users.find(login: "nobody") == nil, true, "unknown login")
            try await expectThrows("duplicate e-mail") { try await store.users.create(User(email: "ada@example.org", username: "other", passwordHash: "x")) }
            try await expectThrows("duplicate user name") { try await store.users.create(User(email: "b@example.org", username: "ADA", passwordHash: "x")) }
            try await expectEqual(store.users.count(), 1, "count")
        },
        .init("users: pages cover every user once") { store in
            for index in 0..<5 { try await store.users.create(user("u\(index)")) }
            var seen: [String] = [], cursor: String?, pages = 0
            repeat {
                let page = try await store.users.listAllTenants(page: PageRequest(limit: 2, cursor: cursor))
                seen += page.items.map(\.username)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            try expectEqual(seen, ["u0", "u1", "u2", "u3", "u4"], "users over all pages")
        },
        .init("tenants: the egress policy starts unrestricted, is replaced for one tenant only, and is read back everywhere") { store in
            let a = try await Fixtures.tenant(in: store, name: "A"), b = try await Fixtures.tenant(in: store, name: "B")
            try await expectEqual(store.tenants.get(a)?.egress, .unrestricted, "a new tenant is unrestricted")
            let policy = EgressPolicy(denied: ["10.0.0.0/8", "fc00::/7"].compactMap(NetworkPrefix.init),
                                      allowed: ["192.0.2.0/24"].compactMap(NetworkPrefix.init))
            try await store.tenants.setEgress(policy, tenant: a)
            try await expectEqual(store.tenants.get(a)?.egress, policy, "policy round-trips")
            try await expectEqual(store.tenants.get(b)?.egress, .unrestricted, "another tenant unchanged")
            try await expectEqual(store.tenants.listAllTenants(page: PageRequest()).items.first { $0.id == a }?.egress, policy, "listed with it")
            let ada = user("ada")
            try await store.users.create(ada)
            try await store.memberships.set(.owner, user: ada.id, tenant: a)
            try await expectEqual(store.memberships.tenants(of: ada.id).first?.0.egress, policy, "a member's tenants carry it")
            try await expectThrows("policy of an unknown tenant") { try await store.tenants.setEgress(policy, tenant: .random()) }
            let copied = Tenant(name: "C", egress: policy)
            try await store.tenants.create(copied)
            try await expectEqual(store.tenants.get(copied.id)?.egress, policy, "created with a policy (store migration)")
        },
        .init("memberships: roles per tenant, replaced, listed both ways, removed") { store in
            let a = try await Fixtures.tenant(in: store, name: "A"), b = try await Fixtures.tenant(in: store, name: "B")
            let ada = user("ada"), bob = user("bob")
            try await store.users.create(ada)
            try await store.users.create(bob)
            try await store.memberships.set(.owner, user: ada.id, tenant: a)
            try await store.memberships.set(.viewer, user: ada.id, tenant: b)
            try await store.memberships.set(.member, user: bob.id, tenant: a)
            try await store.memberships.set(.admin, user: bob.id, tenant: a)
            try await expectEqual(store.memberships.role(of: bob.id, in: a), .admin, "replaced role")
            try await expectEqual(store.memberships.role(of: bob.id, in: b) == nil, true, "not a member of B")
            try await expectEqual(store.memberships.tenants(of: ada.id).map(\.0.id), [a, b], "tenants in join order")
            try await expectEqual(store.memberships.tenants(of: ada.id).map(\.1), [.owner, .viewer], "roles of tenants")
            try await expectEqual(store.memberships.members(of: a).map(\.0.id), [ada.id, bob.id], "members in join order")
            try await expectEqual(store.memberships.remove(user: bob.id, tenant: a), true, "remove")
            try await expectEqual(store.memberships.remove(user: bob.id, tenant: a), false, "second remove")
            try await expectThrows("membership of an unknown user") { try await store.memberships.set(.member, user: .random(), tenant: a) }
        },
        .init("api keys: round-trip, found by prefix, scoped by tenant, updated and deleted") { store in
            let a = try await Fixtures.tenant(in: store, name: "A"), b = try await Fixtures.tenant(in: store, name: "B")
            let key = APIKey(tenantID: a, name: "agent", prefix: "abc12345", secretHash: String(repeating: "f", count: 64),
                             scopes: [.ingest, .read], createdAt: Fixtures.time(0), expiresAt: Fixtures.time(3600))
            try await store.apiKeys.create(key)
            try await expectEqual(store.apiKeys.get(key.id, tenant: a), key, "key round-trips")
            try await expectEqual(store.apiKeys.get(key.id, tenant: b) == nil, true, "get from another tenant")
            try await expectEqual(store.apiKeys.list(tenant: b, page: PageRequest()).items.count, 0, "list of another tenant")
            try await expectEqual(store.apiKeys.findForAuthentication(prefix: "abc12345")?.id, key.id, "find by prefix")
            try await expectThrows("duplicate prefix") {
                try await store.apiKeys.create(APIKey(tenantID: a, name: "x", prefix: "abc12345", secretHash: "x", scopes: [.read]))
            }
            var revoked = key
            revoked.revokedAt = Fixtures.time(10)
            revoked.scopes = [.read]
            try await expectThrows("update from another tenant") { try await store.apiKeys.update(revoked, tenant: b) }
            try await store.apiKeys.update(revoked, tenant: a)
            try await store.apiKeys.recordUse(key.id, at: Fixtures.time(5))
            let stored = try await store.apiKeys.get(key.id, tenant: a)
            try expectEqual(stored?.scopes, [.read], "updated scopes")
            try expect(Fixtures.close(stored?.revokedAt, Fixtures.time(10)), "revocation stored")
            try expect(Fixtures.close(stored?.lastUsedAt, Fixtures.time(5)), "last use stored")
            try expectEqual(stored?.isUsable(at: Fixtures.time(20)), false, "a revoked key is unusable")
            try await expectEqual(store.apiKeys.delete(key.id, tenant: b), false, "delete from another tenant")
            try await expectEqual(store.apiKeys.delete(key.id, tenant: a), true, "delete")
            try await expectEqual(store.apiKeys.findForAuthentication(prefix: "abc12345") == nil, true, "gone")
        },
    ]
}
