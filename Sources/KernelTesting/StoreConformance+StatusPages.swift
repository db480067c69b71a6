import Foundation
import Kernel

extension StoreConformance {
    static func statusPages(of store: any Store) throws -> any StatusPageRepository {
        guard let pages = (store as? any StatusPageStore)?.statusPages else { throw ConformanceFailure(message: "the store keeps no status pages", location: #fileID) }
        return pages
    }

    /// Cases for `StatusPageStore`s, added by `cases(for:)` to every store type that conforms.
    static let statusPageCases: [StoreConformanceCase] = [
        .init("status pages: saved, found by id and slug, replaced, listed by slug and deleted, each in its tenant") { store in
            let pages = try statusPages(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let monitor = MonitorID.random()
            var page = StatusPage(tenantID: tenant, slug: "acme", title: "Acme status", description: "All systems",
                                  published: true, showTargets: false,
                                  groups: [StatusPageGroup(name: "Web", monitors: [monitor])],
                                  createdAt: Fixtures.time(1), updatedAt: Fixtures.time(1))
            try await pages.save(page)
            try expectEqual(try await pages.get(page.id, tenant: tenant), page, "the page by id")
            try expectEqual(try await pages.page(slug: "acme"), page, "the page by slug")
            try expectEqual(try await pages.get(page.id, tenant: other), nil, "another tenant reads nothing")
            page.title = "Acme"
            page.groups.append(StatusPageGroup(name: "API", monitors: []))
            try await pages.save(page)
            try expectEqual(try await pages.get(page.id, tenant: tenant)?.title, "Acme", "replaced")
            try expectEqual(try await pages.get(page.id, tenant: tenant)?.groups.count, 2, "groups replaced")
            let second = StatusPage(tenantID: tenant, slug: "a-first", title: "Second")
            try await pages.save(second)
            try expectEqual(try await pages.list(tenant: tenant).map(\.slug), ["a-first", "acme"], "listed by slug")
            try expectEqual(try await pages.list(tenant: other).count, 0, "another tenant lists none")
            try expectEqual(try await pages.delete(page.id, tenant: other), false, "another tenant cannot delete it")
            try expectEqual(try await pages.delete(page.id, tenant: tenant), true, "deleted")
            try expectEqual(try await pages.page(slug: "acme"), nil, "gone")
        },
        .init("status pages: a slug is unique across tenants, and a page cannot move to another tenant") { store in
            let pages = try statusPages(of: store)
            let tenant = try await Fixtures.tenant(in: store)
            let other = try await Fixtures.tenant(in: store, name: "other")
            let page = StatusPage(tenantID: tenant, slug: "shared", title: "Ours")
            try await pages.save(page)
            try await expectThrows("the same slug in another tenant", matching: { ($0 as? StoreError).map { if case .conflict = $0 { true } else { false } } ?? false }) {
                try await pages.save(StatusPage(tenantID: other, slug: "shared", title: "Theirs"))
            }
            var stolen = page
            stolen.tenantID = other
            stolen.slug = "stolen"
            try await expectThrows("the page's id from another tenant", matching: { ($0 as? StoreError).map { if case .notFound = $0 { true } else { false } } ?? false }) {
                try await pages.save(stolen)
            }
            try expectEqual(try await pages.page(slug: "shared")?.title, "Ours", "unchanged")
            try expectEqual(try await pages.listAllTenants().count, 1, "every tenant's pages")
            try await pages.eraseAllTenants()
            try expectEqual(try await pages.listAllTenants().count, 0, "erased")
        },
    ]
}
