import Foundation
import Hummingbird
import Kernel
import Prometheus

/// `/health`, `/health/ready`, `/metrics` and `/api/v1/openapi.json`.
struct HealthRoutes: RouteGroup {
    let store: any Store
    let scheduler: Scheduler
    let probes: ProbeDirectory
    let registry: PrometheusCollectorRegistry
    let publicMetrics: Bool
    let monitorMetrics: Bool
    var publicPaths: [PathPattern] { ["/health", "/health/ready", "/api/v1/openapi.json"] + (publicMetrics ? ["/metrics"] : []) }

    func register(on router: Router<APIRequestContext>) {
        router.get("health") { _, _ in try APIEncoding.response(["status": "ok"]) }
        router.get("health/ready") { _, _ in try await ready() }
        router.get("metrics") { _, _ in await metrics() }
        router.get("api/v1/openapi.json") { _, _ in try openAPI() }
    }

    private func ready() async throws -> Response {
        var checks: [String: String] = [:]
        var ok = true
        do {
            try await store.checkHealth()
            checks["store"] = "ok"
        } catch {
            ok = false
            checks["store"] = "unavailable"
        }
        if await scheduler.writer.failing {
            ok = false
            checks["resultWriter"] = "failing"
        } else {
            checks["resultWriter"] = "ok"
        }
        // Informational: without its database an enricher leaves its fields out, and the
        // server still does everything else.
        let unavailable = await probes.enrichment.unavailableReasons()
        for enricher in probes.enrichment.enrichers {
            checks["enricher.\(enricher.name)"] = unavailable[enricher.name] ?? "ok"
        }
        // Informational: a server replaying an outage's results is ready meanwhile.
        if let waiting = await scheduler.writer.spoolDepth {
            checks["resultSpool"] = waiting == 0 ? "empty" : "\(waiting) waiting"
        }
        return try APIEncoding.response(ReadyView(status: ok ? "ready" : "not ready", checks: checks),
                                        status: ok ? .ok : .serviceUnavailable)
    }

    private func metrics() async -> Response {
        var monitors = ""
        if monitorMetrics {
            let latest = scheduler.latestResults(limit: MonitorMetricsExposition.monitorLimit)
            monitors = MonitorMetricsExposition.render(latest.results, total: latest.total, probes: probes)
        }
        let buffer = MetricsExposition.render(registry) + Array(monitors.utf8)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    private func openAPI() throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try OpenAPIDocument.data())))
    }
}

struct ReadyView: Encodable {
    var status: String
    var checks: [String: String]
}

/// The OpenAPI 3.1 document of the API, shipped as a resource.
public enum OpenAPIDocument {
    /// The document's bytes.
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw Problem(status: .internalServerError, detail: "openapi.json resource missing")
        }
        return try Data(contentsOf: url)
    }
}
