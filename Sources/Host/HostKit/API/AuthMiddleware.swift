import Hummingbird
import Kernel

/// Authenticates every request except the public paths the route groups declare: the enabled authenticators are
/// tried in `Plugins.json` order, and the first that recognises the credentials decides.
/// Invalid credentials get 401 at once; no credentials get 401 with `WWW-Authenticate`.
/// A browser's session cookie (`BrowserSession`) counts as a bearer token.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticators: [any Authenticator]
    let publicPaths: [PathPattern]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options || publicPaths.contains(where: { $0.matches(request.uri.path) }) { return try await next(request, context) }
        var context = context
        do {
            guard let principal = try await Self.principal(request, context, authenticators: authenticators) else {
                return Self.unauthorized("authentication required: send Authorization: Bearer <token> or X-API-Key: <key>")
            }
            context.principal = principal
        } catch is AuthenticationFailure {
            return Self.unauthorized("the credentials are not valid")
        }
        return try await next(request, context)
    }

    /// The principal the first authenticator that recognises the request's credentials
    /// names; nil without credentials; throws `AuthenticationFailure` for invalid ones. A
    /// public route that authenticates itself (`/api/v1/logs/ingest`) uses it too.
    static func principal(_ request: Request, _ context: Context, authenticators: [any Authenticator]) async throws -> Principal? {
        // A browser's session cookie stands for a bearer token (BrowserSession).
        let headers = try BrowserSession.authenticationHeaders(request)
        let view = AuthRequest(headers: headers, remoteAddress: context.clientAddress)
        for authenticator in authenticators {
            do {
                if let principal = try await authenticator.authenticate(view) { return principal }
            } catch let failure as AuthenticationFailure {
                context.logger.info("authentication refused", metadata: ["reason": "\(failure.reason)", "client": "\(context.clientAddress)"])
                throw failure
            }
        }
        return nil
    }

    /// A 401 problem to throw from a route that authenticates itself.
    static func unauthorizedProblem(_ detail: String) -> Problem { Problem(status: .unauthorized, detail: detail) }

    static func unauthorized(_ detail: String) -> Response {
        var response = Problem(status: .unauthorized, detail: detail).response()
        response.headers[.wwwAuthenticate] = #"Bearer realm="vantage""#
        return response
    }
}
