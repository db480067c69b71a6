import Foundation
import AuthSupport
import Kernel

/// `auth.jwt`: recognises `Authorization: Bearer <token>` carrying a Vantage access token:
/// signature, expiry, issuer and audience are checked, and the user must still exist.
/// Requests without a bearer token are left to the next authenticator.
public struct JWTAuthenticator: Authenticator {
    public static let id = PluginID("auth.jwt")!
    public static let summary = "Bearer access tokens (HS256 or ES256): signature, expiry, issuer, audience"

    /// The token settings; the same values as `auth.password`'s `tokens`.
    public typealias Configuration = TokenSettings

    private let authority: TokenAuthority
    private let identity: IdentityRecords
    /// Users recently seen, so a token does not cost a store read on every request. There is
    /// no way to delete or demote a user yet; when there is, it must drop the entry.
    private let users = ExpiringCache<UserID, Bool>(lifetime: 30)
    /// Tokens verified in the last minute (a token never changes), with their expiry.
    private let verified = ExpiringCache<String, VerifiedToken>(lifetime: 60)

    private struct VerifiedToken: Sendable {
        var user: UserID
        var expiresAt: Date
    }

    public init(configuration: TokenSettings, context: PluginContext) async throws {
        guard let identity = context.identity else { throw ConfigurationError(path: "$", message: "auth.jwt needs a store") }
        self.identity = identity
        authority = try await TokenAuthority(settings: configuration, environment: context.environment, signing: false, logger: context.logger)
    }

    public func authenticate(_ request: AuthRequest) async throws -> Principal? {
        guard let header = request.headers["authorization"] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        // Trimmed without Foundation's CharacterSet (an NSString round trip on every request).
        var trimmed = parts[1]
        while trimmed.first == " " || trimmed.first == "\t" { trimmed.removeFirst() }
        while trimmed.last == " " || trimmed.last == "\t" { trimmed.removeLast() }
        let token = String(trimmed)
        let userID: UserID
        if let known = verified.value(for: token), known.expiresAt > Date() {
            userID = known.user
        } else {
            let checked = try await authority.verifyWithExpiry(token)
            verified.store(VerifiedToken(user: checked.user, expiresAt: checked.expiresAt), for: token)
            userID = checked.user
        }
        if let isAdmin = users.value(for: userID) { return Principal(identity: .user(userID), isAdmin: isAdmin) }
        guard let user = try await identity.users.get(userID) else { throw AuthenticationFailure("token of a deleted user") }
        users.store(user.isAdmin, for: userID)
        return Principal(identity: .user(user.id), isAdmin: user.isAdmin)
    }
}

extension TokenSettings: PluginConfiguration {}
