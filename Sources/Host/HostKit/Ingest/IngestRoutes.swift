import Foundation
import HTTPTypes
import Hummingbird
import Kernel

/// `POST /api/v1/connections` and `POST /api/v1/metrics`: producers push batches with an
/// `ingest` key (or a member's token). 202 only once the batch is committed; a retry with the
/// same `Idempotency-Key` is answered with the first commit's receipt and stores nothing.
struct IngestRoutes: RouteGroup {
    let service: IngestService
    let tenants: TenantResolver
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        router.post("api/v1/connections") { request, context in try await connections(request, context) }
        router.post("api/v1/metrics") { request, context in try await metrics(request, context) }
    }

    private func connections(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .ingest).tenant
        let data = try await decoding.body(request)
        // A well-formed batch is decoded straight from its bytes; any other goes through the
        // strict path, which names what is wrong. The checks come in the same order on both.
        let fast = RequestDecoding.fast(ConnectionBatchInput.self, from: data)
        let body = fast == nil ? try RequestDecoding.object(from: data) : nil
        try service.checkSize(fast?.connections.count ?? body?["connections"]?.arrayValue?.count ?? 0, of: "connections")
        let idempotency = try IngestService.idempotency(request.headers[.idempotencyKey], endpoint: "connections", body: data)
        let input = try fast ?? RequestDecoding.decode(ConnectionBatchInput.self, from: body ?? .null)
        let now = Date()
        let records = try input.connections.enumerated().map { try $0.element.record(tenant: tenant, index: $0.offset, receivedAt: now) }
        return try Self.accepted(try await service.ingest(connections: records, tenant: tenant, idempotency: idempotency))
    }

    private func metrics(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .ingest).tenant
        let data = try await decoding.body(request)
        let body = try RequestDecoding.object(from: data)
        try service.checkSize(body["snapshots"]?.arrayValue?.count ?? 0, of: "snapshots")
        let idempotency = try IngestService.idempotency(request.headers[.idempotencyKey], endpoint: "metrics", body: data)
        let input = try RequestDecoding.decode(MetricBatchInput.self, from: body)
        let source = try input.checkedSource()
        let now = Date()
        let samples = try input.snapshots.enumerated().map { try $0.element.sample(index: $0.offset, receivedAt: now) }
        return try Self.accepted(try await service.ingest(snapshots: samples, source: source, tenant: tenant, idempotency: idempotency))
    }

    /// 202 with the receipt; a replay says so in `Idempotent-Replayed`, as Stripe's API does.
    private static func accepted(_ receipt: IngestReceipt) throws -> Response {
        var response = try APIEncoding.response(receipt, status: .accepted)
        if receipt.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Idempotent-Replayed: true` on the answer to a retried batch.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
