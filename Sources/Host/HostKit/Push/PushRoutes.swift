import Foundation
import Hummingbird
import Kernel

/// `POST` (or `GET`) `/api/v1/push/{token}`: a service's heartbeat for its push monitor, with
/// an optional status, message and latency. The token is the credential, so the path is
/// public; an unknown or malformed token is a 404 that says no more.
struct PushRoutes: RouteGroup {
    let pushes: any PushRepository
    let decoding: RequestDecoding

    var publicPaths: [PathPattern] { ["/api/v1/push/{token}"] }

    func register(on router: Router<APIRequestContext>) {
        router.post("api/v1/push/:token") { request, context in try await push(request, context) }
        router.get("api/v1/push/:token") { request, context in try await push(request, context) }
    }

    private func push(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        guard let token = context.parameters.get("token"), PushToken.isWellFormed(token),
              let owner = try await pushes.owner(ofTokenHash: PushToken.hash(token)) else {
            throw Problem(status: .notFound, detail: "no push monitor has this token (regenerated or deleted?)")
        }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let input = try PushBeatInput(query: query, body: try await body(request))
        let beat = PushBeat(tenantID: owner.tenantID, monitorID: owner.monitorID, status: input.status, message: input.message,
                            latencyMs: input.latencyMs)
        do {
            try await pushes.record(beat)
        } catch StoreError.notFound {
            throw Problem(status: .notFound, detail: "no push monitor has this token (regenerated or deleted?)")
        }
        return try APIEncoding.response(PushReceipt(ok: true, monitorId: owner.monitorID, status: beat.status, receivedAt: beat.receivedAt))
    }

    /// The JSON body, or nil when there is none.
    private func body(_ request: Request) async throws -> JSONValue? {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 16 * 1024)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(status: .contentTooLarge, detail: "a push body is at most 16384 bytes")
        }
        let data = Data(buffer: buffer)
        guard data.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return nil }
        guard let value = try? JSONValue.parse(data) else { throw Problem(status: .badRequest, detail: "the request body is not valid JSON") }
        return value
    }
}

/// The answer to a push.
struct PushReceipt: Encodable {
    var ok: Bool
    var monitorId: MonitorID
    var status: ProbeStatus
    var receivedAt: Date
}
