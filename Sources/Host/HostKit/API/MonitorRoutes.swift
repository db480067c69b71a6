import Foundation
import Hummingbird
import Kernel

/// `/api/v1/monitors`: CRUD, pause and resume, results, status history and uptime (each of
/// every location, or of one with `?location=server|AGENT_ID`). Changes go
/// through `MonitorService`, which holds the rules; this group only speaks HTTP.
struct MonitorRoutes: RouteGroup {
    let monitors: MonitorService
    let tenants: TenantResolver
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/monitors")
        group.get { request, context in try await list(request, context) }
        group.post { request, context in try await create(request, context) }
        group.get("history") { request, context in try await histories(request, context) }
        group.get(":id") { request, context in try await view(request, context) }
        group.put(":id") { request, context in try await replace(request, context, merge: false) }
        group.patch(":id") { request, context in try await replace(request, context, merge: true) }
        group.delete(":id") { request, context in try await delete(request, context) }
        group.post(":id/pause") { request, context in try await setPaused(true, request, context) }
        group.post(":id/resume") { request, context in try await setPaused(false, request, context) }
        group.get(":id/results") { request, context in try await results(request, context) }
        group.get(":id/history") { request, context in try await history(request, context) }
        group.get(":id/uptime") { request, context in try await uptime(request, context) }
        group.post(":id/regenerate-key") { request, context in try await regenerateKey(request, context) }
    }

    private var store: any Store { monitors.store }
    private var probes: ProbeDirectory { monitors.probes }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        if let query = try MonitorListQuery.parse(request) { return try await filtered(query, tenant: tenant) }
        let page = try await store.monitors.list(tenant: tenant, page: try RequestDecoding.page(request))
        let states = try await store.monitors.states(of: page.items.map(\.id), tenant: tenant)
        let views = page.items.map { MonitorView($0, state: states[$0.id], probes: probes) }
        return try APIEncoding.response(Page(items: views, nextCursor: page.nextCursor))
    }

    /// One page of the monitors that match the query, with the number of matches: what the
    /// web interface's search and filters ask for (`MonitorRepository.search`).
    private func filtered(_ query: MonitorSearch, tenant: TenantID) async throws -> Response {
        let found = try await store.monitors.search(tenant: tenant, query)
        let views = found.items.map { MonitorView($0.monitor, state: $0.state, probes: probes) }
        return try APIEncoding.response(FilteredPage(items: views, nextCursor: query.nextCursor(total: found.total), total: found.total))
    }

    /// Status bars of several monitors at once (`ids`, comma-separated, at most 200; `hours`,
    /// default 72), each with the latencies (ms) of its newest 30 results: one request for the
    /// rows a list shows. Unknown ids are left out.
    private func histories(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let texts = request.uri.queryParameters.getAll("ids").flatMap { $0.split(separator: ",") }.map(String.init)
        guard !texts.isEmpty, texts.count <= 200 else { throw ValidationError(field: "ids", "give 1 to 200 monitor ids, comma-separated") }
        var ids: [MonitorID] = []
        for text in texts {
            guard let id = MonitorID(text) else { throw ValidationError(field: "ids", "'\(text.prefix(40))' is not a monitor id") }
            ids.append(id)
        }
        let hours = try Self.hours(request)
        let (start, end) = Self.window(hours: hours)
        var bars: [String: HistoryColumns] = [:]
        for id in ids where try await store.monitors.get(id, tenant: tenant) != nil {
            let buckets = try await store.results.statusBuckets(tenant: tenant, monitor: id, location: nil, from: start, to: end, bucketSeconds: 3600)
            // The latencies of the newest 30 results, oldest first, for a sparkline.
            let recent = try await store.results.list(tenant: tenant, scope: .monitor(id), location: nil, from: nil, to: nil,
                                                      page: PageRequest(limit: 30, cursor: nil))
            bars[id.description] = HistoryColumns(from: start, to: end, bucketSeconds: 3600, buckets: buckets,
                                                  latencies: recent.items.reversed().map { $0.result.latency.map { $0 * 1000 } })
        }
        return try APIEncoding.response(bars)
    }

    private static func hours(_ request: Request) throws -> Int {
        try request.uri.queryParameters.get("hours").map { text -> Int in
            guard let value = Int(text), (1...720).contains(value) else {
                throw ValidationError(field: "hours", "must be an integer from 1 to 720")
            }
            return value
        } ?? 72
    }

    /// The `hours` whole hours that end with the current one.
    private static func window(hours: Int) -> (Date, Date) {
        HistoryColumns.window(buckets: hours, bucketSeconds: 3600)
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .write).tenant
        let (monitor, token) = try await monitors.createIssuingToken(try await decoding.decode(MonitorInput.self, from: request), tenant: tenant)
        var response = try APIEncoding.response(MonitorView(monitor, state: nil, probes: probes).showing(pushToken: token), status: .created)
        response.headers[.location] = "/api/v1/monitors/\(monitor.id)"
        return response
    }

    /// The monitor named by the `:id` parameter in the caller's tenant, or a 404 problem.
    private func lookup(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission = .read) async throws -> (TenantID, Monitor) {
        let tenant = try await tenants.access(request, context, permission).tenant
        guard let text = context.parameters.get("id"), let id = MonitorID(text),
              let monitor = try await store.monitors.get(id, tenant: tenant) else {
            throw Problem.notFound("monitor")
        }
        return (tenant, monitor)
    }

    private func view(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context)
        return try APIEncoding.response(MonitorView(monitor, state: try await store.monitors.state(of: monitor.id, tenant: tenant), probes: probes))
    }

    private func replace(_ request: Request, _ context: APIRequestContext, merge: Bool) async throws -> Response {
        let (tenant, existing) = try await lookup(request, context, .write)
        let body = try await decoding.json(request)
        let monitor = merge
            ? try await monitors.patch(existing, with: body, tenant: tenant)
            : try await monitors.replace(existing, with: try RequestDecoding.decode(MonitorInput.self, from: body), tenant: tenant)
        // A monitor changed into a push monitor gets its first token here.
        var token: String?
        if monitors.acceptsPushes(monitor), try await (store as? any PushStore)?.pushes.token(monitor: monitor.id, tenant: tenant) == nil {
            token = try await monitors.issuePushToken(for: monitor)
        }
        let state = try await store.monitors.state(of: monitor.id, tenant: tenant)
        return try APIEncoding.response(MonitorView(monitor, state: state, probes: probes).showing(pushToken: token))
    }

    /// `POST /api/v1/monitors/{id}/regenerate-key`: a push monitor's new token; the old one
    /// stops working at once.
    private func regenerateKey(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context, .write)
        let token = try await monitors.issuePushToken(for: monitor)
        let state = try await store.monitors.state(of: monitor.id, tenant: tenant)
        return try APIEncoding.response(MonitorView(monitor, state: state, probes: probes).showing(pushToken: token))
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context, .write)
        guard try await monitors.delete(monitor.id, tenant: tenant) else { throw Problem.notFound("monitor") }
        return Response(status: .noContent)
    }

    private func setPaused(_ paused: Bool, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, existing) = try await lookup(request, context, .write)
        let monitor = try await monitors.setPaused(paused, existing, tenant: tenant)
        return try APIEncoding.response(MonitorView(monitor, state: try await store.monitors.state(of: monitor.id, tenant: tenant), probes: probes))
    }

    private func results(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context)
        let page = try await store.results.list(tenant: tenant, scope: .monitor(monitor.id), location: try RequestDecoding.location(request),
                                                from: try RequestDecoding.date(request, "from"),
                                                to: try RequestDecoding.date(request, "to"),
                                                page: try RequestDecoding.page(request))
        return try APIEncoding.response(page)
    }

    private func history(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context)
        let location = try RequestDecoding.location(request)
        let (start, end) = Self.window(hours: try Self.hours(request))
        let buckets = try await store.results.statusBuckets(tenant: tenant, monitor: monitor.id, location: location, from: start, to: end, bucketSeconds: 3600)
        return try APIEncoding.response(HistoryView(from: start, to: end, bucketSeconds: 3600, buckets: buckets))
    }

    private func uptime(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, monitor) = try await lookup(request, context)
        let location = try RequestDecoding.location(request)
        let now = Date()
        var windows: [String: UptimeFigure] = [:]
        for (name, days) in [("24h", 1.0), ("7d", 7.0), ("30d", 30.0)] {
            windows[name] = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: location, since: now.addingTimeInterval(-days * 86_400))
        }
        return try APIEncoding.response(windows.mapValues(UptimeView.init))
    }
}

/// The status bar of a monitor: per-hour counts.
struct HistoryView: Encodable {
    var from: Date
    var to: Date
    var bucketSeconds: Int
    var buckets: [StatusBucket]
}

/// A status bar in columns, for the batch answer of many monitors (a sixth of the size of
/// `HistoryView`'s objects): the counts of bucket `i` are `up[i]`, `degraded[i]`, ...; with
/// the newest results' latencies in milliseconds, oldest first (null for one without).
struct HistoryColumns: Encodable {
    var from: Date
    var to: Date
    var bucketSeconds: Int
    var up: [Int]
    var degraded: [Int]
    var down: [Int]
    var maintenance: [Int]
    var latencies: [Double?]

    /// `count` whole buckets of `bucketSeconds` that end with the one holding `now`.
    static func window(buckets count: Int, bucketSeconds: Int, now: Date = Date()) -> (from: Date, to: Date) {
        let width = Double(bucketSeconds)
        let end = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / width).rounded(.up) * width)
        return (end.addingTimeInterval(-Double(count) * width), end)
    }

    init(from: Date, to: Date, bucketSeconds: Int, buckets: [StatusBucket], latencies: [Double?]) {
        self.from = from
        self.to = to
        self.bucketSeconds = bucketSeconds
        up = buckets.map(\.up)
        degraded = buckets.map(\.degraded)
        down = buckets.map(\.down)
        maintenance = buckets.map(\.maintenance)
        self.latencies = latencies
    }
}

/// Uptime over a window, with the ratio spelled out.
struct UptimeView: Encodable {
    var checks: Int
    var up: Int
    var degraded: Int
    var down: Int
    /// Results taken during maintenance, left out of `checks` and `ratio`.
    var maintenance: Int
    var ratio: Double?

    init(_ figure: UptimeFigure) {
        checks = figure.checks
        up = figure.up
        degraded = figure.degraded
        down = figure.down
        maintenance = figure.maintenance
        ratio = figure.ratio
    }
}
