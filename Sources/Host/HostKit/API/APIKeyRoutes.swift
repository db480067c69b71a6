import Foundation
import Hummingbird
import Kernel

/// `/api/v1/apikeys`: the tenant's API keys. The secret is returned once, at creation.
struct APIKeyRoutes: RouteGroup {
    let store: any Store
    let tenants: TenantResolver
    let events: EventBus
    let apiKeyIssuer: (any APIKeyIssuer)?
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/apikeys")
        group.get { request, context in try await list(request, context) }
        group.post { request, context in try await create(request, context) }
        group.get(":id") { request, context in try await view(request, context) }
        group.put(":id") { request, context in try await update(request, context) }
        group.delete(":id") { request, context in try await delete(request, context) }
    }

    private func issuer() throws -> any APIKeyIssuer {
        guard let issuer = apiKeyIssuer else { throw Problem(status: .notFound, detail: "API keys are not enabled (plugin auth.api_key)") }
        return issuer
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await tenants.access(request, context, .admin)
        let page = try await store.apiKeys.list(tenant: access.tenant, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map { APIKeyView($0) }, nextCursor: page.nextCursor))
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let access = try await tenants.access(request, context, .admin)
        let input = try await decode(request)
        guard input.revoked == nil else { throw ValidationError(field: "revoked", "a new key cannot be revoked") }
        var creator: UserID?
        if case .user(let id) = access.principal.identity { creator = id }
        let issued = try await issuer().issue(tenant: access.tenant, name: input.name, scopes: Set(input.scopes),
                                              expiresAt: input.expiresAt, createdBy: creator)
        var response = try APIEncoding.response(APIKeyView(issued.key, secret: issued.secret), status: .created)
        response.headers[.location] = "/api/v1/apikeys/\(issued.key.id)"
        return response
    }

    private func decode(_ request: Request) async throws -> APIKeyInput {
        let body = try await decoding.json(request)
        let input = try RequestDecoding.decode(APIKeyInputWire.self, from: body)
        if input.name.isEmpty || input.name.unicodeScalars.count > 100 { throw ValidationError(field: "name", "must be 1 to 100 characters") }
        if input.scopes.isEmpty { throw ValidationError(field: "scopes", "name at least one scope", allowedValues: Scope.allCases.map(\.rawValue)) }
        var expiresAt: Date?
        if let text = input.expiresAt {
            guard let date = APIEncoding.parseDate(text) else { throw ValidationError(field: "expiresAt", "expected an ISO 8601 date") }
            expiresAt = date
        }
        return APIKeyInput(name: input.name, scopes: input.scopes, expiresAt: expiresAt, revoked: input.revoked)
    }

    private func lookup(_ request: Request, _ context: APIRequestContext) async throws -> (Access, APIKey) {
        let access = try await tenants.access(request, context, .admin)
        guard let text = context.parameters.get("id"), let id = APIKeyID(text),
              let key = try await store.apiKeys.get(id, tenant: access.tenant) else { throw Problem.notFound("API key") }
        return (access, key)
    }

    private func view(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try APIEncoding.response(APIKeyView(try await lookup(request, context).1))
    }

    private func update(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        var (access, key) = try await lookup(request, context)
        let input = try await decode(request)
        key.name = input.name
        key.scopes = Set(input.scopes)
        key.expiresAt = input.expiresAt
        if input.revoked == true, key.revokedAt == nil { key.revokedAt = Date() }
        if input.revoked == false, key.revokedAt != nil { throw ValidationError(field: "revoked", "a revoked key cannot be restored") }
        try await store.apiKeys.update(key, tenant: access.tenant)
        announceChange(of: key, tenant: access.tenant)
        return try APIEncoding.response(APIKeyView(key))
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (access, key) = try await lookup(request, context)
        try await store.apiKeys.delete(key.id, tenant: access.tenant)
        announceChange(of: key, tenant: access.tenant)
        return Response(status: .noContent)
    }

    /// Tells authenticators that cache keys to drop this one.
    private func announceChange(of key: APIKey, tenant: TenantID) {
        events.publish(Event(tenantID: tenant, name: "auth.api_key.changed", json: .string(key.prefix)))
    }
}

/// The wire form of `APIKeyInput`, with the date as text so a bad date names its field.
struct APIKeyInputWire: Codable {
    var name: String
    var scopes: [Scope]
    var expiresAt: String?
    var revoked: Bool?
}
