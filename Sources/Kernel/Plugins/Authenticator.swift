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
    /// A stable id of the user or key.
    public var subject: String
    /// The tenants the caller may act in, the first being the default.
    public var tenants: [TenantID]
    /// What the caller may do: `read`, `write`, `ingest`, `admin`.
    public var scopes: Set<String>

    /// Creates a principal.
    public init(subject: String, tenants: [TenantID], scopes: Set<String>) {
        self.subject = subject
        self.tenants = tenants
        self.scopes = scopes
    }
}

/// Recognises credentials. Returns nil when the request carries none of the kind it knows,
/// so the host can try the next authenticator; throws when it carries them but they are
/// invalid (expired, tampered, revoked).
public protocol Authenticator: Plugin {
    /// Recognises the caller, or returns nil.
    func authenticate(_ request: AuthRequest) async throws -> Principal?
}
