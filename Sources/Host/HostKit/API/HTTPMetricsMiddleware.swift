import CoreMetrics
import Hummingbird

/// Counts requests by method, route pattern and status, and times them, into the host's
/// metrics factory (route patterns, not raw paths, keep the label set bounded).
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(response.status.code))]
        Counter(label: "vantage_http_requests_total", dimensions: dimensions, factory: factory).increment()
        let elapsed = ContinuousClock.now - start
        Timer(label: "vantage_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }
}
