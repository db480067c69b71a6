import Foundation
import Hummingbird
import Kernel

/// `/api/v1/hosts/{id}/…` for metrics: system facts with the collection state, history at a
/// resolution chosen from the range, the latest reading, processes, and pausing collection;
/// and `/api/v1/hosts/collection`, every host's collection state, for a host list.
/// Reads go through `HostMetricsService`; this group only speaks HTTP.
struct HostMetricsRoutes: RouteGroup {
    let metrics: HostMetricsService
    let tenants: TenantResolver

    /// Names one history query may ask for, at most.
    static let maximumNames = 64

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/hosts")
        group.get("collection") { request, context in try await collectionStates(request, context) }
        group.get(":id/system") { request, context in
            try APIEncoding.response(metrics.system(of: try await lookup(request, context)))
        }
        group.get(":id/metrics") { request, context in try await history(request, context) }
        group.get(":id/metrics/latest") { request, context in
            try APIEncoding.response(try await metrics.latest(of: try await lookup(request, context)))
        }
        group.get(":id/processes") { request, context in try await processes(request, context) }
        group.post(":id/collection/pause") { request, context in
            try APIEncoding.response(HostView(try await metrics.setPaused(true, try await lookup(request, context, .write))))
        }
        group.post(":id/collection/resume") { request, context in
            try APIEncoding.response(HostView(try await metrics.setPaused(false, try await lookup(request, context, .write))))
        }
    }

    private func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission = .read) async throws -> RemoteHost {
        try await HostRoutes.lookup(request, context, permission, hosts: metrics.hosts, tenants: tenants).1
    }

    /// A page of the tenant's hosts, each with its collection state: what a host list shows.
    private func collectionStates(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await metrics.hosts.store.hosts.list(tenant: tenant, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(metrics.collectionState), nextCursor: page.nextCursor))
    }

    private func history(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let host = try await lookup(request, context)
        let query = request.uri.queryParameters
        let to = try RequestDecoding.date(request, "to") ?? Date()
        let from = try RequestDecoding.date(request, "from") ?? to.addingTimeInterval(-3600)
        guard from < to else { throw ValidationError(field: "from", "must be before to") }
        guard to.timeIntervalSince(from) <= HostMetricsService.maximumRange else {
            throw ValidationError(field: "from", "the range may cover at most 400 days")
        }
        let step = try query.get("step").map(Self.resolution)
        var names: [String]?
        if let text = query.get("names") {
            let list = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.count <= Self.maximumNames, list.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 128 }) else {
                throw ValidationError(field: "names", "must be 1 to \(Self.maximumNames) comma-separated metric names of 1 to 128 characters")
            }
            names = list
        }
        return try APIEncoding.response(try await metrics.history(of: host, names: names, from: from, to: to, step: step))
    }

    /// `step` as a resolution: `raw`, `minute`, `hour`, or seconds (under 60 raw, under 3600
    /// minute, else hour).
    static func resolution(_ text: String) throws -> SampleResolution {
        if let named = SampleResolution(rawValue: text) { return named }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            throw ValidationError(field: "step", "must be raw, minute, hour or a number of seconds above 0")
        }
        return seconds < 60 ? .raw : seconds < 3600 ? .minute : .hour
    }

    private func processes(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let host = try await lookup(request, context)
        let query = request.uri.queryParameters
        let sort = query.get("sort") ?? "cpu"
        guard sort == "cpu" || sort == "memory" else { throw ValidationError(field: "sort", "must be cpu or memory") }
        var limit = 25
        if let text = query.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else { throw ValidationError(field: "limit", "must be an integer from 1 to 1000") }
            limit = value
        }
        return try APIEncoding.response(metrics.processes(of: host, sort: sort, limit: limit))
    }
}
