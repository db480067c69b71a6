import Foundation
import Hummingbird
import Kernel

/// `/api/v1/auth/session`: the browser's sign-in. `POST` checks the password like
/// `/api/v1/auth/login` but answers with the token in an `HttpOnly` cookie instead of the body;
/// `GET` gives the page its CSRF token and the signed-in user; `DELETE` signs out.
struct SessionRoutes: RouteGroup {
    let store: any Store
    let passwordAccounts: (any PasswordAccounts)?
    let decoding: RequestDecoding
    let authenticators: [any Authenticator]
    var publicPaths: [PathPattern] { ["/api/v1/auth/session"] }

    func register(on router: Router<APIRequestContext>) {
        router.post("api/v1/auth/session") { request, context in try await signIn(request, context) }
        router.get("api/v1/auth/session") { request, context in try await current(request, context) }
        router.delete("api/v1/auth/session") { request, _ in signOut(request) }
    }

    private func signIn(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        guard let accounts = passwordAccounts else {
            throw Problem(status: .notFound, detail: "password accounts are not enabled (plugin auth.password)")
        }
        let input = try await decoding.decode(LoginInput.self, from: request)
        guard input.login.count <= 254 else { throw ValidationError(field: "login", "too long") }
        guard input.password.utf8.count <= 1024 else { throw ValidationError(field: "password", "too long") }
        let issued = try await accounts.logIn(login: input.login, password: input.password, clientAddress: context.clientAddress)
        let tenants = try await store.memberships.tenants(of: issued.user.id)
            .map { TenantView(id: $0.0.id, name: $0.0.name, role: $0.1, createdAt: $0.0.createdAt) }
        var response = try APIEncoding.response(SessionView(csrfToken: BrowserSession.csrfToken(for: issued.token), expiresAt: issued.expiresAt,
                                                            user: UserView(issued.user), tenants: tenants))
        response.headers[.setCookie] = BrowserSession.setCookie(issued.token, expiresAt: issued.expiresAt, secure: BrowserSession.isSecure(request))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The session of the cookie; 204 (not an error: a page that is not signed in asks this
    /// first) without one, or with one that ended, which the answer removes.
    private func current(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        guard let token = BrowserSession.token(inCookieHeader: request.headers[.cookie]) else {
            return Response(status: .noContent, headers: [.cacheControl: "no-store"])
        }
        let principal: Principal?
        do {
            principal = try await AuthMiddleware.principal(request, context, authenticators: authenticators)
        } catch is AuthenticationFailure {
            principal = nil
        }
        guard let principal, case .user(let id) = principal.identity, let user = try await store.users.get(id) else {
            var response = Response(status: .noContent, headers: [.cacheControl: "no-store"])
            response.headers[.setCookie] = BrowserSession.clearCookie(secure: BrowserSession.isSecure(request))
            return response
        }
        let tenants = try await store.memberships.tenants(of: id)
            .map { TenantView(id: $0.0.id, name: $0.0.name, role: $0.1, createdAt: $0.0.createdAt) }
        var response = try APIEncoding.response(SessionView(csrfToken: BrowserSession.csrfToken(for: token), expiresAt: nil,
                                                            user: UserView(user), tenants: tenants))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Removes the cookie. The token itself stays valid until it expires (tokens are signed,
    /// not stored), but no page holds it any more.
    private func signOut(_ request: Request) -> Response {
        var response = Response(status: .noContent)
        response.headers[.setCookie] = BrowserSession.clearCookie(secure: BrowserSession.isSecure(request))
        return response
    }
}

/// The answer of `/api/v1/auth/session`.
struct SessionView: Encodable {
    var csrfToken: String
    var expiresAt: Date?
    var user: UserView
    var tenants: [TenantView]
}
