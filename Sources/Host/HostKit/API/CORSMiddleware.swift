import Foundation
import Hummingbird

/// Cross-origin access from the configured origins only. A preflight from an allowed origin
/// for an allowed method and headers gets 204 with the CORS headers; any other preflight
/// gets 403. Other requests from an allowed origin get `Access-Control-Allow-Origin`; from
/// any other origin they get no CORS headers, so browsers withhold the response.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let settings: CORSSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = settings.allowedOrigins.contains("*") || settings.allowedOrigins.contains(origin)
        if request.method == .options, let method = request.headers[.accessControlRequestMethod] {
            let requestedHeaders = (request.headers[.accessControlRequestHeaders] ?? "")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            let allowedHeaders = Set(settings.allowedHeaders.map { $0.lowercased() })
            guard allowed, settings.allowedMethods.contains(method.uppercased()),
                  requestedHeaders.allSatisfy(allowedHeaders.contains) else {
                return Problem(status: .forbidden, detail: "cross-origin request from '\(origin)' not allowed").response()
            }
            var response = Response(status: .noContent)
            addOrigin(origin, to: &response)
            response.headers[.accessControlAllowMethods] = settings.allowedMethods.joined(separator: ", ")
            response.headers[.accessControlAllowHeaders] = settings.allowedHeaders.joined(separator: ", ")
            response.headers[.accessControlMaxAge] = String(settings.maxAgeSeconds)
            return response
        }
        var response = try await next(request, context)
        if allowed {
            addOrigin(origin, to: &response)
            response.headers[.accessControlExposeHeaders] = "Location, Retry-After"
        }
        return response
    }

    private func addOrigin(_ origin: String, to response: inout Response) {
        response.headers[.accessControlAllowOrigin] = settings.allowedOrigins.contains("*") ? "*" : origin
        response.headers[.vary] = "Origin"
    }
}
