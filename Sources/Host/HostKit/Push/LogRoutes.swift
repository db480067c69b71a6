import Foundation
import HTTPTypes
import Hummingbird
import Kernel

/// `POST /api/v1/logs/ingest` and `GET /api/v1/logs`. Ingest takes a push monitor's token
/// (`X-Push-Token`, or `Authorization: Bearer vpush_...`: its lines belong to that monitor)
/// or any credential with the `ingest` permission; 202 once the batch is committed, with the
/// `Idempotency-Key` rules of the other ingest routes. The read side searches by time range,
/// level, source, monitor and words of the message, newest first, paged by cursor.
struct LogRoutes: RouteGroup {
    let logs: any LogRepository
    let pushes: any PushRepository
    let store: any Store
    let tenants: TenantResolver
    let authenticators: [any Authenticator]
    let ingest: IngestService

    /// Ingest authenticates itself, so a push token works where the API's credentials do.
    var publicPaths: [PathPattern] { ["/api/v1/logs/ingest"] }

    func register(on router: Router<APIRequestContext>) {
        router.post("api/v1/logs/ingest") { request, context in try await ingestLines(request, context) }
        router.get("api/v1/logs") { request, context in try await search(request, context) }
    }

    private func ingestLines(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, pushedFor) = try await caller(request, context)
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: ingest.settings.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(status: .contentTooLarge, detail: "the request body is larger than \(ingest.settings.maxBodyBytes) bytes (ingest.maxBodyBytes)")
        }
        let values = try LogEntryInput.values(of: Data(buffer: buffer))
        try ingest.checkSize(values.count, of: "logs")
        let idempotency = try IngestService.idempotency(request.headers[.idempotencyKey], endpoint: "logs", body: .array(values))
        let now = Date()
        var entries: [LogEntry] = []
        entries.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            let input: LogEntryInput
            do {
                input = try RequestDecoding.decode(LogEntryInput.self, from: value)
            } catch let error as ValidationError {
                throw error.nested(under: "logs[\(index)]")
            }
            var entry = try input.entry(tenant: tenant, index: index, receivedAt: now)
            if let pushedFor {
                guard entry.monitorID == nil || entry.monitorID == pushedFor else {
                    throw ValidationError(field: "logs[\(index)].monitorId", "a push token sends lines of its own monitor only")
                }
                entry.monitorID = pushedFor
            }
            entries.append(entry)
        }
        try await checkMonitors(entries, tenant: tenant)
        let receipt = try await logs.commit(logs: entries, tenant: tenant, idempotency: idempotency)
        if !receipt.replayed, !entries.isEmpty, ingest.events.hasSubscribers(for: LogsIngested.self) {
            ingest.events.publish(Event(tenantID: tenant, occurredAt: receipt.committedAt, LogsIngested(logs: entries)))
        }
        var response = try APIEncoding.response(receipt, status: .accepted)
        if receipt.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// The tenant the lines go to, and the push monitor when a push token sent them.
    private func caller(_ request: Request, _ context: APIRequestContext) async throws -> (TenantID, MonitorID?) {
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        if let token = request.headers[.pushToken] ?? bearer.flatMap({ $0.hasPrefix(PushToken.prefix) ? $0 : nil }) {
            guard PushToken.isWellFormed(token), let owner = try await pushes.owner(ofTokenHash: PushToken.hash(token)) else {
                throw AuthMiddleware.unauthorizedProblem("the push token is not valid")
            }
            return (owner.tenantID, owner.monitorID)
        }
        guard let principal = try await AuthMiddleware.principal(request, context, authenticators: authenticators) else {
            throw AuthMiddleware.unauthorizedProblem("authentication required: send X-Push-Token: <push token>, or an ingest key as X-API-Key")
        }
        let named = request.headers[.init("X-Tenant-Id")!] ?? request.uri.queryParameters.get("tenantId")
        return (try await tenants.access(principal, tenant: named, .ingest).tenant, nil)
    }

    /// 422 naming the first line whose `monitorId` is not a monitor of the tenant.
    private func checkMonitors(_ entries: [LogEntry], tenant: TenantID) async throws {
        var checked: Set<MonitorID> = []
        for (index, entry) in entries.enumerated() {
            guard let id = entry.monitorID, !checked.contains(id) else { continue }
            guard try await store.monitors.get(id, tenant: tenant) != nil else {
                throw ValidationError(field: "logs[\(index)].monitorId", "no monitor \(id) in this tenant")
            }
            checked.insert(id)
        }
    }

    private func search(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let filter = try LogQuery.filter(request)
        let page = try await logs.search(tenant: tenant, filter: filter, page: try RequestDecoding.page(request))
        return try APIEncoding.response(page)
    }
}

extension HTTPField.Name {
    /// `X-Push-Token`: a push monitor's token, for `/api/v1/logs/ingest`.
    static let pushToken = HTTPField.Name("X-Push-Token")!
}
