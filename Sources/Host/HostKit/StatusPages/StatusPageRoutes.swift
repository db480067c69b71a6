import Foundation
import Hummingbird
import Kernel

/// `/api/v1/status-pages`: the tenant's public status pages (administrators change them, any
/// member reads them). The public page itself is `PublicStatusRoutes`.
struct StatusPageRoutes: RouteGroup {
    let pages: any StatusPageRepository
    let store: any Store
    let tenants: TenantResolver
    let decoding: RequestDecoding
    let cache: PublicStatusCache

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/status-pages")
        group.get { request, context in try await list(request, context) }
        group.post { request, context in try await save(request, context, id: nil) }
        group.get(":id") { request, context in
            let (_, page) = try await lookup(request, context, .read)
            return try APIEncoding.response(StatusPageView(page))
        }
        group.put(":id") { request, context in
            let (_, page) = try await lookup(request, context, .admin)
            return try await save(request, context, id: page.id, existing: page)
        }
        group.delete(":id") { request, context in
            let (tenant, page) = try await lookup(request, context, .admin)
            try await pages.delete(page.id, tenant: tenant)
            await cache.forget(page.slug)
            return Response(status: .noContent)
        }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        return try APIEncoding.response(try await pages.list(tenant: tenant).map(StatusPageView.init))
    }

    private func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission) async throws -> (TenantID, StatusPage) {
        let tenant = try await tenants.access(request, context, permission).tenant
        guard let text = context.parameters.get("id"), let id = StatusPageID(text), let page = try await pages.get(id, tenant: tenant) else {
            throw Problem.notFound("status page")
        }
        return (tenant, page)
    }

    private func save(_ request: Request, _ context: APIRequestContext, id: StatusPageID?, existing: StatusPage? = nil) async throws -> Response {
        let tenant = try await tenants.access(request, context, .admin).tenant
        let input = try await decoding.decode(StatusPageInput.self, from: request)
        let groups = try await input.validated(tenant: tenant, monitors: store.monitors)
        let now = Date()
        let page = StatusPage(id: id ?? .random(), tenantID: tenant, slug: input.slug, title: input.title, description: input.description ?? "",
                              published: input.published ?? false, showTargets: input.showTargets ?? false, groups: groups,
                              createdAt: existing?.createdAt ?? now, updatedAt: now)
        do {
            try await pages.save(page)
        } catch StoreError.conflict {
            throw Problem(status: .conflict, detail: "the slug '\(input.slug)' is taken", errors: [FieldIssue(field: "slug", message: "taken")])
        }
        if let existing { await cache.forget(existing.slug) }
        await cache.forget(page.slug)
        var response = try APIEncoding.response(StatusPageView(page), status: existing == nil ? .created : .ok)
        if existing == nil { response.headers[.location] = "/api/v1/status-pages/\(page.id)" }
        return response
    }
}
