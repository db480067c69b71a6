import Crypto
import Foundation
import Kernel

/// `auth.api_key`: recognises `X-API-Key: vk_<prefix>_<secret>`. Keys are looked up by
/// their prefix and checked against a SHA-256 hash of the whole key; revoked and expired
/// keys are refused. Also mints keys for the host (`APIKeyIssuer`).
public struct APIKeyAuthenticator: Authenticator, APIKeyIssuer {
    public static let id = PluginID("auth.api_key")!
    public static let summary = "X-API-Key keys: hashed at rest, scoped (read, write, ingest, admin), expiring, revocable"

    private let store: any Store

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        guard let store = context.store else { throw ConfigurationError(path: "$", message: "auth.api_key needs a store") }
        self.store = store
    }

    public func authenticate(_ request: AuthRequest) async throws -> Principal? {
        guard let presented = request.headers["x-api-key"] else { return nil }
        let parts = presented.split(separator: "_")
        guard parts.count == 3, parts[0] == "vk", parts[1].count == 16 else { throw AuthenticationFailure("malformed API key") }
        guard let key = try await store.apiKeys.findForAuthentication(prefix: String(parts[1])) else {
            throw AuthenticationFailure("unknown API key")
        }
        guard Self.constantTimeEqual(Self.hash(presented), key.secretHash) else { throw AuthenticationFailure("wrong API key secret") }
        let now = Date()
        guard key.isUsable(at: now) else { throw AuthenticationFailure(key.revokedAt != nil ? "revoked API key" : "expired API key") }
        if key.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try? await store.apiKeys.recordUse(key.id, at: now)
        }
        return Principal(identity: .apiKey(key.id, tenant: key.tenantID, scopes: key.scopes))
    }

    public func issue(tenant: TenantID, name: String, scopes: Set<Scope>, expiresAt: Date?, createdBy: UserID?) async throws -> IssuedAPIKey {
        var issues: [FieldIssue] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 100 { issues.append(.init(field: "name", message: "must be 1 to 100 characters")) }
        if scopes.isEmpty { issues.append(.init(field: "scopes", message: "name at least one scope", allowedValues: Scope.allCases.map(\.rawValue))) }
        if let expiresAt, expiresAt <= Date() { issues.append(.init(field: "expiresAt", message: "must be in the future")) }
        guard issues.isEmpty else { throw ValidationError(issues) }
        let prefix = Self.randomHex(bytes: 8)
        let secret = "vk_\(prefix)_\(Self.randomHex(bytes: 32))"
        let key = APIKey(tenantID: tenant, name: name, prefix: prefix, secretHash: Self.hash(secret), scopes: scopes,
                         createdBy: createdBy, expiresAt: expiresAt)
        try await store.apiKeys.create(key)
        return IssuedAPIKey(key: key, secret: secret)
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
