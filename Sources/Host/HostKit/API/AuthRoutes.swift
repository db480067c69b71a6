import Foundation
import Hummingbird
import Kernel

/// `/api/v1/auth`: registration, login and the caller's identity; `/api/v1/users` for
/// server administrators.
struct AuthRoutes: RouteGroup {
    let store: any Store
    let passwordAccounts: (any PasswordAccounts)?
    let decoding: RequestDecoding
    var publicPaths: [PathPattern] { ["/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/auth/registration"] }

    func register(on router: Router<APIRequestContext>) {
        router.post("api/v1/auth/register") { request, _ in try await registerUser(request) }
        router.get("api/v1/auth/registration") { _, _ in try await registration() }
        router.post("api/v1/auth/login") { request, context in try await logIn(request, context) }
        router.get("api/v1/auth/me") { _, context in try await me(context) }
        router.get("api/v1/users") { request, context in try await listUsers(request, context) }
        router.post("api/v1/users") { request, context in try await createUser(request, context) }
    }

    private func accounts() throws -> any PasswordAccounts {
        guard let accounts = passwordAccounts else {
            throw Problem(status: .notFound, detail: "password accounts are not enabled (plugin auth.password)")
        }
        return accounts
    }

    /// Whether `POST /api/v1/auth/register` would take a new account now: the sign-in page
    /// shows its link only then.
    private func registration() async throws -> Response {
        let mode = try accounts().registrationMode
        let open = switch mode {
        case .open: true
        case .firstUser: try await store.users.count() == 0
        case .inviteOnly, .closed: false
        }
        return try APIEncoding.response(RegistrationView(mode: mode.rawValue, open: open))
    }

    private func registerUser(_ request: Request) async throws -> Response {
        let accounts = try accounts()
        let input = try await decoding.decode(RegistrationInput.self, from: request)
        guard input.isAdmin == nil else { throw ValidationError(field: "isAdmin", "cannot be chosen at registration") }
        let user: User
        do {
            user = try await create(input) { try await accounts.register(email: input.email, username: input.username, password: input.password) }
        } catch let refused as RegistrationRefused {
            throw Problem(status: .forbidden, detail: refused.description)
        }
        let issued = try await accounts.logIn(login: user.email, password: input.password, clientAddress: "registration")
        return try APIEncoding.response(TokenView(token: issued.token, expiresAt: issued.expiresAt, user: UserView(user)), status: .created)
    }

    /// Runs `make` after checking that the e-mail address and user name are free.
    private func create(_ input: RegistrationInput, _ make: () async throws -> User) async throws -> User {
        for (field, value) in [("email", input.email), ("username", input.username)] where value.count <= 254 {
            if try await store.users.find(login: value) != nil { throw ValidationError(field: field, "is already taken") }
        }
        do {
            return try await make()
        } catch StoreError.conflict {
            throw ValidationError(field: "email", "the e-mail address or user name is already taken")
        }
    }

    private func logIn(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let accounts = try accounts()
        let input = try await decoding.decode(LoginInput.self, from: request)
        guard input.login.count <= 254, input.password.utf8.count <= 1024 else { throw ValidationError(field: "login", "too long") }
        let issued = try await accounts.logIn(login: input.login, password: input.password, clientAddress: context.clientAddress)
        return try APIEncoding.response(TokenView(token: issued.token, expiresAt: issued.expiresAt, user: UserView(issued.user)))
    }

    private func me(_ context: APIRequestContext) async throws -> Response {
        guard let principal = context.principal else { throw Problem(status: .unauthorized, detail: "authentication required") }
        switch principal.identity {
        case .user(let id):
            guard let user = try await store.users.get(id) else { throw Problem(status: .unauthorized, detail: "unknown user") }
            let tenants = try await store.memberships.tenants(of: id)
                .map { TenantView(id: $0.0.id, name: $0.0.name, role: $0.1, createdAt: $0.0.createdAt) }
            return try APIEncoding.response(MeView(user: UserView(user), tenants: tenants, apiKey: nil))
        case .apiKey(let id, let tenant, _):
            let key = try await store.apiKeys.get(id, tenant: tenant)
            return try APIEncoding.response(MeView(user: nil, tenants: nil, apiKey: key.map { APIKeyView($0) }))
        }
    }

    private func requireServerAdmin(_ context: APIRequestContext) throws {
        guard context.principal?.isAdmin == true else { throw Problem(status: .forbidden, detail: "server administrators only") }
    }

    private func listUsers(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try requireServerAdmin(context)
        let page = try await store.users.listAllTenants(page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(UserView.init), nextCursor: page.nextCursor))
    }

    private func createUser(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try requireServerAdmin(context)
        let input = try await decoding.decode(RegistrationInput.self, from: request)
        let accounts = try accounts()
        let user = try await create(input) {
            try await accounts.createAccount(email: input.email, username: input.username, password: input.password, admin: input.isAdmin ?? false)
        }
        return try APIEncoding.response(UserView(user), status: .created)
    }
}

struct TokenView: Encodable {
    var token: String
    var expiresAt: Date
    var user: UserView
}

struct MeView: Encodable {
    var user: UserView?
    var tenants: [TenantView]?
    var apiKey: APIKeyView?
}
