import Foundation
import Hummingbird
import Kernel

/// The body of `POST /api/v1/probes/{kind}`.
struct ProbeInput: Codable, Sendable {
    var target: String
    var timeout: Double?
    var config: JSONValue?
}

/// `/api/v1/probes`: run one probe now, and the history of such runs.
struct ProbeRoutes: RouteGroup {
    let probes: ProbeDirectory
    let store: any Store
    let tenants: TenantResolver
    let decoding: RequestDecoding
    /// The history write: concurrent requests share one transaction, and each answers only
    /// once its record is stored, so `GET history` right after sees it.
    let history: GroupCommit<ResultRecord>

    init(probes: ProbeDirectory, store: any Store, tenants: TenantResolver, decoding: RequestDecoding) {
        self.probes = probes
        self.store = store
        self.tenants = tenants
        self.decoding = decoding
        let results = store.results
        history = GroupCommit { records in try await results.append(records) }
    }

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/probes")
        group.get { request, context in try await catalogue(request, context) }
        group.get("history") { request, context in try await listHistory(request, context) }
        group.post(":kind") { request, context in try await run(request, context) }
    }

    /// The enabled probe kinds with what a form needs to build their options.
    private func catalogue(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        _ = try await tenants.access(request, context, .read)
        // `kinds` lists aliases too: each runner once, under its own kind.
        let runners = probes.kinds.compactMap { kind in probes.runner(for: kind).flatMap { $0.kind == kind ? $0 : nil } }
        return try APIEncoding.response(runners.map(ProbeKindView.init))
    }

    private func run(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await tenants.access(request, context, .write)
        let tenant = access.tenant
        let kind = context.parameters.get("kind") ?? ""
        guard probes.runner(for: kind) != nil else {
            throw Problem(status: .notFound, detail: "no enabled probe of kind '\(kind)'",
                          errors: [FieldIssue(field: "kind", message: "unknown probe kind", allowedValues: probes.kinds)])
        }
        let input = try await decoding.decode(ProbeInput.self, from: request)
        let timeout = input.timeout ?? 60
        guard (0.01...MonitorInput.maximumTimeout).contains(timeout) else {
            throw ValidationError(field: "timeout", "must be more than 0 and at most 300 seconds")
        }
        let prepared = try probes.prepare(kind: kind, target: input.target, timeout: timeout, config: input.config ?? .emptyObject,
                                          egress: try await tenants.egress(of: access), tenant: tenant)
        if request.headers[.accept]?.contains("text/event-stream") == true {
            return stream(prepared, tenant: tenant, kind: kind, input: input, timeout: timeout, context: context)
        }
        let record = await OneShotProbe.run(prepared, tenant: tenant, kind: kind, target: input.target, timeout: timeout, logger: context.logger)
        try await history.submit(record)
        return try APIEncoding.resultResponse(record)
    }

    /// Runs the probe and streams its progress as server-sent events (`event: hop`,
    /// `event: round`, ...), then the stored result record as `event: result`. A client that
    /// goes away does not stop the run; its result is still stored.
    private func stream(_ prepared: PreparedProbe, tenant: TenantID, kind: String, input: ProbeInput, timeout: Double,
                        context: APIRequestContext) -> Response {
        let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(4096))
        let progress = ProbeProgress { update in
            let name = update.objectValue?["event"]?.stringValue ?? "progress"
            continuation.yield(ByteBuffer(string: "event: \(name)\ndata: \(update.jsonText)\n\n"))
        }
        let history = history
        let logger = context.logger
        Task {
            let record = await OneShotProbe.run(prepared, tenant: tenant, kind: kind, target: input.target, timeout: timeout,
                                                logger: logger, progress: progress)
            do {
                try await history.submit(record)
                let body = try ResultRecordJSON.text(record) ?? String(decoding: APIEncoding.encoder.encode(record), as: UTF8.self)
                continuation.yield(ByteBuffer(string: "event: result\ndata: \(body)\n\n"))
            } catch {
                logger.error("could not store a streamed probe result", metadata: ["error": "\(error)"])
                continuation.yield(ByteBuffer(string: "event: error\ndata: {\"detail\":\"the result could not be stored\"}\n\n"))
            }
            continuation.finish()
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: events))
    }

    private func listHistory(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await store.results.list(tenant: tenant, scope: .adHoc,
                                                         from: try RequestDecoding.date(request, "from"),
                                                         to: try RequestDecoding.date(request, "to"),
                                                         page: try RequestDecoding.page(request))
        return try APIEncoding.response(page)
    }
}

/// One enabled probe kind in `GET /api/v1/probes`.
struct ProbeKindView: Encodable {
    var kind: String
    var plugin: String
    /// Other kinds that name it (`ping` for `icmp`).
    var aliases: [String]
    /// The options an empty `config` means; null when some must be given.
    var defaults: JSONValue?
    /// The allowed values of options that take one of a closed set (`family`: `any`, `ipv4`, ...).
    var choices: [String: [String]]
    /// Dot-separated paths of secret options (sealed at rest, shown as "(sealed)").
    var secretPaths: [String]
    /// The metrics its results carry.
    var metrics: [String]
    /// Whether its monitors are judged by pushes (and get a push token).
    var acceptsPushes: Bool

    init(_ runner: ProbeRunner) {
        kind = runner.kind
        plugin = runner.pluginID.description
        aliases = runner.aliases
        defaults = runner.defaults
        choices = runner.choices
        secretPaths = runner.options.secretPaths
        metrics = runner.metrics.map(\.name)
        acceptsPushes = runner.acceptsPushes
    }
}
