/// The parts of an HTTP request an authenticator may look at.
public struct AuthRequest: Sendable {
    /// Request headers, names lower-cased.
    public var headers: [String: String]
    /// The client's address.
    public var remoteAddress: String?

    /// Creates a request view.
    public init(headers: [String: String], remoteAddress: String?) {
        self.headers = headers
        self.remoteAddress = remoteAddress
    }
}

/// Who is calling, as an authenticator recognised them.
public struct Principal: Sendable, Hashable {
    /// A user (through a token) or an API key.
    public enum Identity: Sendable, Hashable {
        /// A logged-in user; their tenants and roles come from their memberships.
        case user(UserID)
        /// An API key: one tenant, fixed scopes.
        case apiKey(APIKeyID, tenant: TenantID, scopes: Set<Scope>)
    }

    /// Who it is.
    public var identity: Identity
    /// A server administrator (users only).
    public var isAdmin: Bool

    /// Creates a principal.
    public init(identity: Identity, isAdmin: Bool = false) {
        self.identity = identity
        self.isAdmin = isAdmin
    }

    /// A stable text for rate-limit keys and logs: `user:<id>` or `key:<id>`.
    public var subject: String {
        switch identity {
        case .user(let id): "user:\(id)"
        case .apiKey(let id, _, _): "key:\(id)"
        }
    }
}

/// Credentials were presented but are not valid (expired, tampered, revoked, wrong
/// password). The API answers 401 without saying which.
public struct AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why, for the server log only.
    public var reason: String
    /// Creates a failure.
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Too many attempts (logins); retry after the given seconds. The API answers 429.
public struct TooManyAttempts: Error, Sendable, Hashable {
    /// Whole seconds to wait.
    public var retryAfter: Int
    /// Creates the error.
    public init(retryAfter: Int) { self.retryAfter = retryAfter }
}

/// Recognises credentials. Returns nil when the request carries none of the kind it knows,
/// so the host can try the next authenticator; throws when it carries them but they are
/// invalid (expired, tampered, revoked).
public protocol Authenticator: Plugin {
    /// Recognises the caller, or returns nil.
    func authenticate(_ request: AuthRequest) async throws -> Principal?
}
