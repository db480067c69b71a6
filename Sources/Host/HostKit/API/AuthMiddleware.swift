import Hummingbird
import Kernel

/// Authenticates every request except the public paths the route groups declare: the enabled authenticators are
/// tried in `Plugins.json` order, and the first that recognises the credentials decides.
/// Invalid credentials get 401 at once; no credentials get 401 with `WWW-Authenticate`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let authenticators: [any Authenticator]
    let publicPaths: [PathPattern]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options || publicPaths.contains(where: { $0.matches(request.uri.path) }) { return try await next(request, context) }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let view = AuthRequest(headers: headers, remoteAddress: context.clientAddress)
        var context = context
        for authenticator in authenticators {
            do {
                if let principal = try await authenticator.authenticate(view) {
                    context.principal = principal
                    return try await next(request, context)
                }
            } catch let failure as AuthenticationFailure {
                context.logger.info("authentication refused", metadata: ["reason": "\(failure.reason)", "client": "\(context.clientAddress)"])
                return Self.unauthorized("the credentials are not valid")
            }
        }
        return Self.unauthorized("authentication required: send Authorization: Bearer <token> or X-API-Key: <key>")
    }

    static func unauthorized(_ detail: String) -> Response {
        var response = Problem(status: .unauthorized, detail: detail).response()
        response.headers[.wwwAuthenticate] = #"Bearer realm="vantage""#
        return response
    }
}
