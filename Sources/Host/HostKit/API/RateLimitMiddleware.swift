import Foundation
import Hummingbird
import Kernel

/// Applies the configured rate limits per client address; answers 429 with `Retry-After`
/// (whole seconds) and a problem body. Health and metrics routes are never limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let rules: [RateLimitRule]
    let limiter = TokenBuckets()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/v1/") else { return try await next(request, context) }
        for (index, rule) in rules.enumerated() where Self.applies(rule.routes, method: request.method, path: path) {
            let client = rule.by == .principal ? (context.principal?.subject ?? context.clientAddress) : context.clientAddress
            if let wait = limiter.take("\(index)|\(client)", limit: rule.limit, perSeconds: rule.perSeconds) {
                let seconds = max(Int(wait.rounded(.up)), 1)
                var response = Problem(status: .tooManyRequests,
                                       detail: "rate limit of \(rule.limit) \(rule.routes.rawValue) requests per \(Int(rule.perSeconds)) s reached; retry in \(seconds) s").response()
                response.headers[.retryAfter] = String(seconds)
                return response
            }
        }
        return try await next(request, context)
    }

    static func applies(_ routes: RateLimitRule.Routes, method: HTTPRequest.Method, path: String) -> Bool {
        switch routes {
        case .all: true
        case .read: method == .get
        case .write: method != .get && method != .head && method != .options
        case .probes:
            method == .post && (path.hasPrefix("/api/v1/probes/") || path == "/api/v1/traces"
                || (path.hasPrefix("/api/v1/hosts/") && (path.hasSuffix("/test") || path.hasSuffix("/test-connection"))))
        }
    }
}
