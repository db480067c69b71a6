import Crypto
import Foundation
import Kernel
import ServiceLifecycle

/// `auth.api_key`: recognises `X-API-Key: vk_<prefix>_<secret>`. Keys are looked up by
/// their prefix and checked against a SHA-256 hash of the whole key; revoked and expired
/// keys are refused. Also mints keys for the host (`APIKeyIssuer`).
public struct APIKeyAuthenticator: Authenticator, APIKeyIssuer, Service {
    public static let id = PluginID("auth.api_key")!
    public static let summary = "X-API-Key keys: hashed at rest, scoped (read, write, ingest, admin), expiring, revocable"

    private let identity: IdentityRecords
    private let events: EventBus
    /// Keys by prefix for 10 s, so a key does not cost a store read on every request. The
    /// host publishes `apiKeyChanged` when a key is changed or deleted, which drops it at once.
    private let keys = ExpiringCache<String, APIKey>(lifetime: 10)

    /// The event the host publishes when a key changes; the payload is the key's prefix.
    public static let changedEvent = "auth.api_key.changed"

    public init(configuration: EmptyConfiguration, context: PluginContext) async throws {
        guard let identity = context.identity else { throw ConfigurationError(path: "$", message: "auth.api_key needs a store") }
        self.identity = identity
        self.events = context.events
    }

    /// Follows key changes on the event bus until shutdown.
    public func run() async throws {
        let changes = events.subscribe()
        await cancelWhenGracefulShutdown {
            for await event in changes {
                if event.name == Self.changedEvent, case .string(let prefix) = event.json { keys.remove(prefix) }
            }
        }
    }

    public func authenticate(_ request: AuthRequest) async throws -> Principal? {
        guard let presented = request.headers["x-api-key"] else { return nil }
        let parts = presented.split(separator: "_")
        guard parts.count == 3, parts[0] == "vk", parts[1].count == 16 else { throw AuthenticationFailure("malformed API key") }
        let prefix = String(parts[1])
        let key: APIKey
        if let cached = keys.value(for: prefix) {
            key = cached
        } else {
            guard let stored = try await identity.apiKeys.findForAuthentication(prefix: prefix) else { throw AuthenticationFailure("unknown API key") }
            keys.store(stored, for: prefix)
            key = stored
        }
        guard Self.constantTimeEqual(Self.hash(presented), key.secretHash) else { throw AuthenticationFailure("wrong API key secret") }
        let now = Date()
        guard key.isUsable(at: now) else { throw AuthenticationFailure(key.revokedAt != nil ? "revoked API key" : "expired API key") }
        if key.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try? await identity.apiKeys.recordUse(key.id, at: now)
            var used = key
            used.lastUsedAt = now
            keys.store(used, for: prefix)
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
        try await identity.apiKeys.create(key)
        return IssuedAPIKey(key: key, secret: secret)
    }

    static func hash(_ key: String) -> String {
        hex(Array(SHA256.hash(data: Data(key.utf8))))
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Lower-case hex, written directly (`String(format:)` goes through `sprintf`, which
    /// showed on the request path).
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
