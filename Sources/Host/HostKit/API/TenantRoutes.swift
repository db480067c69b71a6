import Foundation
import Hummingbird
import Kernel

/// `/api/v1/tenants`: the caller's tenants, new tenants, members and their roles.
struct TenantRoutes: RouteGroup {
    let store: any Store
    let tenants: TenantResolver
    let events: EventBus
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/tenants")
        group.get { _, context in try await list(context) }
        group.post { request, context in try await create(request, context) }
        group.get(":tenant/members") { request, context in try await members(request, context) }
        group.post(":tenant/members") { request, context in try await addMember(request, context) }
        group.put(":tenant/members/:user") { request, context in try await setMember(request, context) }
        group.delete(":tenant/members/:user") { request, context in try await removeMember(request, context) }
        group.get(":tenant/egress") { request, context in try await egress(request, context) }
        group.put(":tenant/egress") { request, context in try await setEgress(request, context) }
    }

    private func user(_ context: APIRequestContext) throws -> UserID {
        guard case .user(let id)? = context.principal?.identity else {
            throw Problem(status: .forbidden, detail: "tenants are managed by users, not API keys")
        }
        return id
    }

    private func list(_ context: APIRequestContext) async throws -> Response {
        let tenants = try await store.memberships.tenants(of: try user(context))
        return try APIEncoding.response(Page(items: tenants.map { TenantView(id: $0.0.id, name: $0.0.name, role: $0.1, createdAt: $0.0.createdAt) },
                                             nextCursor: nil))
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let owner = try user(context)
        let input = try await decoding.decode(TenantInput.self, from: request)
        guard !input.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, input.name.unicodeScalars.count <= 200 else {
            throw ValidationError(field: "name", "must be 1 to 200 characters")
        }
        let tenant = Tenant(name: input.name)
        try await store.tenants.create(tenant)
        try await store.memberships.set(.owner, user: owner, tenant: tenant.id)
        return try APIEncoding.response(TenantView(id: tenant.id, name: tenant.name, role: .owner, createdAt: tenant.createdAt), status: .created)
    }

    /// The tenant of the path, which the caller must belong to (404 otherwise), with the
    /// caller's role, checked for `permission`.
    private func access(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission) async throws -> Access {
        try await tenants.access(request, context, permission, tenant: context.parameters.get("tenant") ?? "")
    }

    private func members(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await access(request, context, .read)
        let members = try await store.memberships.members(of: access.tenant)
        return try APIEncoding.response(Page(items: members.map { MemberView(user: UserView($0.0), role: $0.1) }, nextCursor: nil))
    }

    /// The tenant's egress policy: for its members, and for server administrators.
    private func egress(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id: TenantID
        if context.principal?.isAdmin == true, let named = context.parameters.get("tenant").flatMap(TenantID.init) {
            id = named
        } else {
            id = try await access(request, context, .read).tenant
        }
        guard let tenant = try await store.tenants.get(id) else { throw Problem.notFound("tenant") }
        return try APIEncoding.response(tenant.egress)
    }

    /// Replaces the tenant's egress policy: server administrators only (an unknown tenant is
    /// the store's 404). Its monitors are prepared again under the new policy at once.
    private func setEgress(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        guard context.principal?.isAdmin == true else {
            throw Problem(status: .forbidden, detail: "only server administrators set a tenant's egress policy")
        }
        guard let tenant = context.parameters.get("tenant").flatMap(TenantID.init) else { throw Problem.notFound("tenant") }
        let policy = try await decoding.decode(EgressPolicy.self, from: request)
        guard policy.denied.count + policy.allowed.count <= 1000 else {
            throw ValidationError(field: "denied", "at most 1000 networks in all")
        }
        try await store.tenants.setEgress(policy, tenant: tenant)
        events.publish(Event(tenantID: tenant, TenantUpdated()))
        return try APIEncoding.response(policy)
    }

    private func target(_ context: APIRequestContext) throws -> UserID {
        guard let text = context.parameters.get("user"), let id = UserID(text) else { throw Problem.notFound("user") }
        return id
    }

    private func setMember(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await access(request, context, .admin)
        let input = try await decoding.decode(MemberInput.self, from: request)
        let member = try target(context)
        guard let user = try await store.users.get(member) else { throw Problem.notFound("user") }
        let current = try await store.memberships.role(of: member, in: access.tenant)
        try Self.checkOwnerRule(granting: input.role, current: current, by: access)
        try await store.memberships.set(input.role, user: member, tenant: access.tenant)
        return try APIEncoding.response(MemberView(user: UserView(user), role: input.role))
    }

    /// Adds an existing account, named by e-mail address or user name, as the web interface's
    /// members form does: 404 when there is no such account, 409 when it is a member already
    /// (its role is changed with `PUT .../members/{user}`).
    private func addMember(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await access(request, context, .admin)
        let input = try await decoding.decode(MemberAddition.self, from: request)
        let login = input.login.trimmingCharacters(in: .whitespaces)
        guard (1...254).contains(login.count) else { throw ValidationError(field: "login", "must be an e-mail address or user name (1 to 254 characters)") }
        guard let user = try await store.users.find(login: login) else {
            throw Problem(status: .notFound, detail: "no account has the e-mail address or user name '\(login)'; an administrator creates accounts (POST /api/v1/users)",
                          errors: [FieldIssue(field: "login", message: "no such account")])
        }
        if let role = try await store.memberships.role(of: user.id, in: access.tenant) {
            throw Problem(status: .conflict, detail: "\(user.username) is a member already, as \(role.rawValue); change the role instead")
        }
        try Self.checkOwnerRule(granting: input.role, current: nil, by: access)
        try await store.memberships.set(input.role, user: user.id, tenant: access.tenant)
        return try APIEncoding.response(MemberView(user: UserView(user), role: input.role), status: .created)
    }

    /// Only an owner grants the owner role or changes an owner's.
    private static func checkOwnerRule(granting role: Role, current: Role?, by access: Access) throws {
        if role == .owner || current == .owner, access.role != .owner {
            throw Problem(status: .forbidden, detail: "only an owner can grant or change the owner role")
        }
    }

    private func removeMember(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await access(request, context, .admin)
        let member = try target(context)
        guard let current = try await store.memberships.role(of: member, in: access.tenant) else { throw Problem.notFound("member") }
        if current == .owner {
            guard access.role == .owner else { throw Problem(status: .forbidden, detail: "only an owner can remove an owner") }
            let owners = try await store.memberships.members(of: access.tenant).filter { $0.1 == .owner }
            guard owners.count > 1 else { throw Problem(status: .conflict, detail: "a tenant keeps at least one owner") }
        }
        try await store.memberships.remove(user: member, tenant: access.tenant)
        return Response(status: .noContent)
    }
}
