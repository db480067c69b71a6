import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/connections` (filtered, paginated), `/api/v1/connections/top` (destinations,
/// countries or ASNs by bytes), `/api/v1/connections/traffic` (bytes over time) and
/// `GET /api/v1/metrics` (ingested metric series), each in the caller's tenant.
struct ConnectionQueryRoutes: RouteGroup {
    let store: any IngestStore
    let tenants: TenantResolver

    /// The most buckets one traffic query returns.
    static let maximumBuckets = 10_000

    func register(on router: Router<APIRequestContext>) {
        router.get("api/v1/connections") { request, context in try await list(request, context) }
        router.get("api/v1/connections/top") { request, context in try await top(request, context) }
        router.get("api/v1/connections/traffic") { request, context in try await traffic(request, context) }
        router.get("api/v1/metrics") { request, context in try await metrics(request, context) }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await store.ingest.connections(tenant: tenant, filter: try Self.filter(request), page: try RequestDecoding.page(request))
        return try APIEncoding.response(page)
    }

    private func top(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let query = request.uri.queryParameters
        let text = query.get("by") ?? "destination"
        guard let grouping = ConnectionGrouping(rawValue: text) else {
            throw ValidationError(field: "by", "unknown grouping '\(text)'", allowedValues: ConnectionGrouping.allCases.map(\.rawValue))
        }
        let limit = try Self.integer(query.get("limit"), field: "limit", range: 1...1000) ?? 10
        let groups = try await store.ingest.aggregate(tenant: tenant, filter: try Self.filter(request), by: grouping, limit: limit)
        return try APIEncoding.response(["items": groups])
    }

    private func traffic(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        var filter = try Self.filter(request)
        let to = filter.to ?? Date()
        let from = filter.from ?? to.addingTimeInterval(-86_400)
        guard from < to else { throw ValidationError(field: "from", "must be before 'to'") }
        let bucket = try Self.integer(request.uri.queryParameters.get("bucket"), field: "bucket", range: 1...86_400 * 31) ?? 300
        guard to.timeIntervalSince(from) / Double(bucket) <= Double(Self.maximumBuckets) else {
            throw ValidationError(field: "bucket", "the range holds more than \(Self.maximumBuckets) buckets of \(bucket) s; choose a larger bucket")
        }
        (filter.from, filter.to) = (from, to)
        let buckets = try await store.ingest.traffic(tenant: tenant, filter: filter, bucketSeconds: bucket)
        return try APIEncoding.response(TrafficView(from: from, to: to, bucketSeconds: bucket, items: buckets))
    }

    /// Ingested series of one source, in the shape of a host's metrics history (`names`,
    /// `from`, `to` and `step` as there).
    private func metrics(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let query = request.uri.queryParameters
        let source = query.get("source") ?? "ingest"
        let to = try RequestDecoding.date(request, "to") ?? Date()
        let from = try RequestDecoding.date(request, "from") ?? to.addingTimeInterval(-3600)
        guard from < to else { throw ValidationError(field: "from", "must be before 'to'") }
        guard to.timeIntervalSince(from) <= HostMetricsService.maximumRange else { throw ValidationError(field: "from", "the range may cover at most 400 days") }
        var names: [String]?
        if let text = query.get("names") {
            let list = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.count <= HostMetricsRoutes.maximumNames, list.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 200 }) else {
                throw ValidationError(field: "names", "must be 1 to \(HostMetricsRoutes.maximumNames) comma-separated metric names of 1 to 200 characters")
            }
            names = list
        }
        let seconds = to.timeIntervalSince(from)
        let resolution = try query.get("step").map(HostMetricsRoutes.resolution) ?? (seconds <= 6 * 3600 ? .raw : seconds <= 7 * 86_400 ? .minute : .hour)
        if resolution == .raw, seconds > HostMetricsService.maximumRawRange {
            throw ValidationError(field: "step", "raw samples can be read over at most 7 days; use minute or hour")
        }
        let points = try await store.samples.query(SampleQuery(source: source, names: names, from: from, to: to, resolution: resolution), tenant: tenant)
        return try APIEncoding.response(MetricsHistoryView(from: from, to: to, resolution: resolution, points: points))
    }

    /// The filter of `from`, `to`, `address`, `country`, `asn` and `protocol`.
    static func filter(_ request: Request) throws -> ConnectionFilter {
        let query = request.uri.queryParameters
        var filter = ConnectionFilter(from: try RequestDecoding.date(request, "from"), to: try RequestDecoding.date(request, "to"))
        if let address = query.get("address") {
            guard let bytes = NetworkPrefix.addressBytes(address) else { throw ValidationError(field: "address", "must be an IPv4 or IPv6 address") }
            filter.address = NetworkPrefix.text(of: bytes)
        }
        if let country = query.get("country") {
            guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw ValidationError(field: "country", "must be an ISO 3166-1 alpha-2 code (DE)")
            }
            filter.country = country.uppercased()
        }
        filter.asn = try integer(query.get("asn")?.replacingOccurrences(of: "AS", with: ""), field: "asn", range: 0...4_294_967_295)
        if let transport = query.get("protocol") {
            guard (1...16).contains(transport.count), transport.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError(field: "protocol", "must be 1 to 16 letters or digits (tcp, udp, icmp, ...)")
            }
            filter.transport = transport.lowercased()
        }
        return filter
    }

    private static func integer(_ text: String?, field: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ValidationError(field: field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

/// Traffic over time: the range, the bucket size and the buckets that saw connections.
struct TrafficView: Encodable {
    var from: Date
    var to: Date
    var bucketSeconds: Int
    var items: [ConnectionBucket]
}
