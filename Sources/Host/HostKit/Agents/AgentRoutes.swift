import Foundation
import Hummingbird
import HummingbirdWebSocket
import Kernel

/// `/api/v1/agents`: enrolled agents, approval, labels and revocation. Pending agents are
/// listed to every tenant (any tenant's administrator may approve one into their tenant);
/// an approved agent only to its own.
struct AgentRoutes: RouteGroup {
    let agents: AgentService
    let tenants: TenantResolver
    let decoding: RequestDecoding
    let settings: AgentSettings

    /// The connect path answers non-upgrade requests itself (with 426), without credentials.
    var publicPaths: [PathPattern] { [PathPattern(AgentHeaders.path)] }

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/agents")
        group.get { request, context in try await list(request, context) }
        group.get("connect") { _, _ -> Response in
            throw Problem(status: .upgradeRequired, detail: "agents connect here with a WebSocket upgrade (vantage agent --server URL)")
        }
        group.get(":id") { request, context in try await view(request, context) }
        group.patch(":id") { request, context in try await relabel(request, context) }
        group.put(":id/approve") { request, context in try await approve(request, context) }
        group.delete(":id") { request, context in try await revoke(request, context) }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await agents.list(tenant: tenant, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(show), nextCursor: page.nextCursor))
    }

    private func view(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        guard let agent = try await agents.get(try id(context), tenant: tenant) else { throw Problem.notFound("agent") }
        return try APIEncoding.response(show(agent))
    }

    private func approve(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .admin).tenant
        let labels = try await optionalBody(request)?.labels
        return try APIEncoding.response(show(try await agents.approve(try id(context), tenant: tenant, labels: labels)))
    }

    private func relabel(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .admin).tenant
        guard let labels = try await decoding.decode(AgentLabelsInput.self, from: request).labels else {
            throw Kernel.ValidationError(field: "labels", "is required")
        }
        return try APIEncoding.response(show(try await agents.relabel(try id(context), tenant: tenant, labels: labels)))
    }

    private func revoke(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .admin).tenant
        _ = try await agents.revoke(try id(context), tenant: tenant)
        return Response(status: .noContent)
    }

    /// The body when there is one.
    private func optionalBody(_ request: Request) async throws -> AgentLabelsInput? {
        if request.headers[.contentLength] == "0" || (request.headers[.contentLength] == nil && request.headers[.transferEncoding] == nil) {
            return nil
        }
        return try await decoding.decode(AgentLabelsInput.self, from: request)
    }

    private func id(_ context: APIRequestContext) throws -> AgentID {
        guard let text = context.parameters.get("id"), let id = AgentID(text) else { throw Problem.notFound("agent") }
        return id
    }

    private func show(_ agent: Agent) -> AgentView { AgentView(agent, offlineAfterSeconds: settings.offlineAfterSeconds) }
}

/// `/api/v1/agents/connect` as a WebSocket: every upgrade is taken, and the gateway admits or
/// refuses the agent with a close code and a reason it can show.
struct AgentSocketRoutes: WebSocketRouteGroup {
    let gateway: AgentGateway

    func register(on router: Router<WebSocketUpgradeContext>) {
        router.ws(RouterPath(AgentHeaders.path)) { inbound, outbound, context in
            await gateway.serve(inbound, outbound, context)
        }
    }
}
