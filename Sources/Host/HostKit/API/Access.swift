import Hummingbird
import Kernel

/// What a request may do: the principal, the tenant it acts in, and its role (users) or
/// scopes (API keys).
public struct Access: Sendable {
    /// What a route needs.
    public enum Permission: String, Sendable {
        /// Read the tenant's data.
        case read
        /// Change the tenant's monitors and run probes.
        case write
        /// Manage the tenant's members and keys.
        case admin
        /// Push data (producers, agents).
        case ingest
    }

    /// Who is calling.
    public var principal: Principal
    /// The tenant the request acts in.
    public var tenant: TenantID
    /// The user's role in the tenant (nil for API keys).
    public var role: Role?
    /// The tenant's egress policy when deciding access already read it (the caller's first
    /// tenant comes with its record), so a probe request does not read the tenant again.
    var knownEgress: EgressPolicy?

    /// Throws a 403 problem unless the caller may do `permission` in the tenant. Roles:
    /// viewers read; members also write and ingest; admins and owners also administer.
    /// Keys need the matching scope, so an ingest key cannot read.
    public func require(_ permission: Permission) throws {
        let allowed: Bool
        switch principal.identity {
        case .apiKey(_, _, let scopes):
            allowed = scopes.contains(Scope(rawValue: permission.rawValue)!)
        case .user:
            let needed: Role = switch permission {
            case .read: .viewer
            case .write, .ingest: .member
            case .admin: .admin
            }
            allowed = (role ?? .viewer) >= needed
        }
        guard allowed else {
            throw Problem(status: .forbidden, detail: "this \(principal.identity.kindName) may not \(permission.rawValue) in this tenant")
        }
    }
}

extension Principal.Identity {
    var kindName: String {
        switch self {
        case .user: "user"
        case .apiKey: "API key"
        }
    }
}

/// Decides which tenant a request acts in: `X-Tenant-Id` or `?tenantId=`, else the caller's
/// first tenant (an API key's own). A caller who is not a member gets 404, so tenant ids do
/// not leak. This is the one place tenancy is decided.
public struct TenantResolver: Sendable {
    let store: any Store

    /// The access of an authenticated request, checked for `permission`; `tenant` (a path
    /// parameter) takes the place of the header and query.
    public func access(_ request: Request, _ context: APIRequestContext, _ permission: Access.Permission,
                       tenant pathTenant: String? = nil) async throws -> Access {
        guard let principal = context.principal else { throw Problem(status: .unauthorized, detail: "authentication required") }
        let named = pathTenant ?? request.headers[.init("X-Tenant-Id")!] ?? request.uri.queryParameters.get("tenantId")
        return try await access(principal, tenant: named, permission)
    }

    /// The access of `principal` in the tenant named `named` (nil: the caller's first),
    /// checked for `permission`: for callers that authenticate outside the API's middleware
    /// (the live stream's WebSocket).
    public func access(_ principal: Principal, tenant named: String?, _ permission: Access.Permission) async throws -> Access {
        let requested: TenantID?
        if let named {
            guard let id = TenantID(named) else { throw Problem.notFound("tenant") }
            requested = id
        } else {
            requested = nil
        }
        let access: Access
        switch principal.identity {
        case .apiKey(_, let tenant, _):
            if let requested, requested != tenant { throw Problem.notFound("tenant") }
            access = Access(principal: principal, tenant: tenant, role: nil)
        case .user(let user):
            if let requested {
                guard let role = try await store.memberships.role(of: user, in: requested) else { throw Problem.notFound("tenant") }
                access = Access(principal: principal, tenant: requested, role: role)
            } else {
                guard let (tenant, role) = try await store.memberships.tenants(of: user).first else {
                    throw Problem(status: .notFound, detail: "you belong to no tenant: create one with POST /api/v1/tenants")
                }
                access = Access(principal: principal, tenant: tenant.id, role: role, knownEgress: tenant.egress)
            }
        }
        try access.require(permission)
        return access
    }

    /// The egress policy of `tenant`, which its probes apply on top of each plugin's own.
    public func egress(of tenant: TenantID) async throws -> EgressPolicy {
        try await store.tenants.get(tenant)?.egress ?? .unrestricted
    }

    /// The egress policy of the tenant `access` acts in, read once per request.
    func egress(of access: Access) async throws -> EgressPolicy {
        if let known = access.knownEgress { return known }
        return try await egress(of: access.tenant)
    }
}
