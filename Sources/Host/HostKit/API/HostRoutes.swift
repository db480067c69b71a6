import Foundation
import Hummingbird
import Kernel

/// `/api/v1/hosts`: SSH hosts (CRUD), connection tests of saved and unsaved settings, and
/// accepting a changed host key. Changes go through `HostService`; this group only speaks HTTP.
struct HostRoutes: RouteGroup {
    let hosts: HostService
    let tenants: TenantResolver
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/hosts")
        group.get { request, context in try await list(request, context) }
        group.post { request, context in try await create(request, context) }
        group.post("test-connection") { request, context in try await testConnection(request, context) }
        group.get(":id") { request, context in try await view(request, context) }
        group.put(":id") { request, context in try await replace(request, context, merge: false) }
        group.patch(":id") { request, context in try await replace(request, context, merge: true) }
        group.delete(":id") { request, context in try await delete(request, context) }
        group.post(":id/test") { request, context in try await test(request, context) }
        group.post(":id/accept-host-key") { request, context in try await acceptHostKey(request, context) }
        group.post(":id/pause") { request, context in try await setPaused(true, request, context) }
        group.post(":id/resume") { request, context in try await setPaused(false, request, context) }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await hosts.store.hosts.list(tenant: tenant, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(HostView.init), nextCursor: page.nextCursor))
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .write).tenant
        let host = try await hosts.create(try await decoding.decode(HostInput.self, from: request), tenant: tenant)
        var response = try APIEncoding.response(HostView(host), status: .created)
        response.headers[.location] = "/api/v1/hosts/\(host.id)"
        return response
    }

    /// The host named by the `:id` parameter in the caller's tenant, or a 404 problem.
    private func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission = .read) async throws -> (TenantID, RemoteHost) {
        try await Self.lookup(request, context, permission, hosts: hosts, tenants: tenants)
    }

    /// The host named by the `:id` parameter in the caller's tenant, or a 404 problem.
    static func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission, hosts: HostService,
                       tenants: TenantResolver) async throws -> (TenantID, RemoteHost) {
        let tenant = try await tenants.access(request, context, permission).tenant
        guard let text = context.parameters.get("id"), let id = RemoteHostID(text), let host = try await hosts.get(id, tenant: tenant) else {
            throw Problem.notFound("host")
        }
        return (tenant, host)
    }

    private func view(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try APIEncoding.response(HostView(try await lookup(request, context).1))
    }

    private func replace(_ request: Request, _ context: APIRequestContext, merge: Bool) async throws -> Response {
        let (tenant, existing) = try await lookup(request, context, .write)
        let body = try await decoding.json(request)
        let host = merge
            ? try await hosts.patch(existing, with: body, tenant: tenant)
            : try await hosts.replace(existing, with: try RequestDecoding.decode(HostInput.self, from: body), tenant: tenant)
        return try APIEncoding.response(HostView(host))
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, host) = try await lookup(request, context, .write)
        guard try await hosts.delete(host.id, tenant: tenant) else { throw Problem.notFound("host") }
        return Response(status: .noContent)
    }

    /// Pauses or resumes the whole host: its monitors, its use as a trace origin and its collection.
    private func setPaused(_ paused: Bool, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (_, host) = try await lookup(request, context, .write)
        return try APIEncoding.response(HostView(try await hosts.setPaused(paused, of: host)))
    }

    private func test(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (_, host) = try await lookup(request, context, .write)
        return try APIEncoding.response(try await hosts.test(host))
    }

    private func testConnection(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .write).tenant
        return try APIEncoding.response(try await hosts.testConnection(try await decoding.decode(HostInput.self, from: request), tenant: tenant))
    }

    private func acceptHostKey(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (_, host) = try await lookup(request, context, .write)
        let body = try await decoding.decode(AcceptHostKeyInput.self, from: request)
        return try APIEncoding.response(HostView(try await hosts.acceptHostKey(body.fingerprint, of: host)))
    }
}

/// The body of `POST /api/v1/hosts/{id}/accept-host-key`: the fingerprint the server now
/// presents, as the failed connection's `ssh_host_key_changed` error named it.
struct AcceptHostKeyInput: Codable, Sendable {
    var fingerprint: String
}
