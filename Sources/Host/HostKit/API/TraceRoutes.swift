import Foundation
import Hummingbird
import Kernel
import NIOCore

/// `/api/v1/traces`: trace runs from several origins at once, their history, their live
/// events and their export. Runs go through `TraceService`; this group only speaks HTTP.
struct TraceRoutes: RouteGroup {
    let traces: TraceService
    let tenants: TenantResolver
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/traces")
        group.get { request, context in try await list(request, context) }
        group.post { request, context in try await start(request, context) }
        group.get(":id") { request, context in try await view(request, context) }
        group.delete(":id") { request, context in try await delete(request, context) }
        group.get(":id/events") { request, context in try await events(request, context) }
        group.get(":id/export") { request, context in try await export(request, context) }
    }

    private var store: any TraceStore { traces.store }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let query = request.uri.queryParameters
        var filter = TraceFilter(from: try RequestDecoding.date(request, "from"), to: try RequestDecoding.date(request, "to"))
        filter.target = query.get("target")
        if let host = query.get("host") {
            guard let id = RemoteHostID(host) else { throw ValidationError(field: "host", "must be a host id") }
            filter.host = id
        }
        let page = try await store.traces.list(tenant: tenant, filter: filter, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(TraceView.init), nextCursor: page.nextCursor))
    }

    private func start(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await tenants.access(request, context, .write)
        let input = try await decoding.decode(TraceInput.self, from: request)
        let run = try await traces.start(input, tenant: access.tenant, egress: try await tenants.egress(of: access))
        if request.headers[.accept]?.contains("text/event-stream") == true, let stream = await traces.feed.subscribe(run.id) {
            return Self.eventStream(stream)
        }
        var response = try APIEncoding.response(TraceView(run), status: .accepted)
        response.headers[.location] = "/api/v1/traces/\(run.id)"
        return response
    }

    /// The run named by the `:id` parameter in the caller's tenant, or a 404 problem.
    private func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission = .read) async throws -> TraceRun {
        let tenant = try await tenants.access(request, context, permission).tenant
        guard let text = context.parameters.get("id"), let id = TraceRunID(text), let run = try await store.traces.get(id, tenant: tenant) else {
            throw Problem.notFound("trace")
        }
        return run
    }

    private func view(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try APIEncoding.response(TraceView(try await lookup(request, context)))
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let run = try await lookup(request, context, .write)
        guard try await store.traces.delete(run.id, tenant: run.tenantID) else { throw Problem.notFound("trace") }
        return Response(status: .noContent)
    }

    /// A live run's events from its start, then as they come; a finished run's origins and `done`.
    private func events(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let run = try await lookup(request, context)
        if let stream = await traces.feed.subscribe(run.id) { return Self.eventStream(stream) }
        let (stream, continuation) = AsyncStream.makeStream(of: TraceFeed.Event.self)
        continuation.yield(.init(name: "run", TraceView(run)))
        for origin in run.origins where origin.state == .finished { continuation.yield(.init(name: "origin", TraceOriginView(origin))) }
        // A run that is not live here and not finished was cut off by a restart (or runs on another server).
        continuation.yield(.init(name: run.finishedAt == nil ? "incomplete" : "done", TraceView(run)))
        continuation.finish()
        return Self.eventStream(stream)
    }

    private func export(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let run = try await lookup(request, context)
        let format = request.uri.queryParameters.get("format") ?? "json"
        let body: String, type: String
        switch format {
        case "csv": (body, type) = (TraceExport.csv(run), "text/csv; charset=utf-8")
        case "json": (body, type) = (TraceExport.json(run).jsonText, "application/json")
        default: throw ValidationError(field: "format", "must be csv or json", allowedValues: ["csv", "json"])
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"trace-\(run.id).\(format)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func eventStream(_ events: AsyncStream<TraceFeed.Event>) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: events.map { ByteBuffer(string: $0.text) }))
    }
}
