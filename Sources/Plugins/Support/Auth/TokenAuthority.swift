import Foundation
import JWTKit
import Kernel
import Logging

/// Signs and verifies access tokens: HS256 with a secret from the environment, or ES256
/// with PEM keys. Exactly one algorithm is configured, so a token signed with another
/// (including `none`) never verifies. Verification checks signature, expiry, issuer and
/// audience.
public struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    private let settings: TokenSettings
    /// The algorithm in use: `HS256` or `ES256`.
    public let algorithm: String

    /// The claims of a Vantage access token.
    struct AccessClaims: JWTPayload {
        var sub: SubjectClaim
        var iss: IssuerClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim

        func verify(using algorithm: some JWTAlgorithm) throws {
            try exp.verifyNotExpired()
        }
    }

    /// Loads keys per `settings`; throws `ConfigurationError` saying how to fix a missing or
    /// short secret or an unreadable key file.
    public init(settings: TokenSettings, environment: [String: String], signing: Bool, logger: Logger) async throws {
        self.settings = settings
        let keys = JWTKeyCollection()
        if settings.privateKeyFile != nil || settings.publicKeyFile != nil {
            algorithm = "ES256"
            if signing {
                guard let path = settings.privateKeyFile else {
                    throw ConfigurationError(path: "$.privateKeyFile", message: "signing with ES256 needs privateKeyFile (a PEM P-256 key)")
                }
                await keys.add(ecdsa: try ES256PrivateKey(pem: try Self.read(path, field: "privateKeyFile")))
            } else {
                guard let path = settings.publicKeyFile else {
                    throw ConfigurationError(path: "$.publicKeyFile", message: "verifying ES256 tokens needs publicKeyFile (a PEM P-256 public key)")
                }
                await keys.add(ecdsa: try ES256PublicKey(pem: try Self.read(path, field: "publicKeyFile")))
            }
        } else {
            algorithm = "HS256"
            let secret: String
            if let value = environment[settings.secretEnvironment], value.utf8.count >= 32 {
                secret = value
            } else if let value = environment[settings.secretEnvironment] {
                throw ConfigurationError(path: "$.secretEnvironment", message: "\(settings.secretEnvironment) holds \(value.utf8.count) bytes; "
                    + "the HS256 secret needs at least 32: export \(settings.secretEnvironment)=\"$(openssl rand -base64 48)\"")
            } else if settings.ephemeralSecretWhenMissing {
                logger.warning("no \(settings.secretEnvironment): signing with a random secret; tokens die with this process")
                secret = (0..<48).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
            } else {
                throw ConfigurationError(path: "$.secretEnvironment", message: "\(settings.secretEnvironment) is not set: "
                    + "export \(settings.secretEnvironment)=\"$(openssl rand -base64 48)\" (at least 32 bytes) before starting")
            }
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        }
        self.keys = keys
    }

    private static func read(_ path: String, field: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(path: "$.\(field)", message: "cannot read '\(path)'")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Issues a token for a user.
    public func issue(for user: UserID, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(Double(settings.tokenLifetimeSeconds))
        let claims = AccessClaims(sub: .init(value: user.description), iss: .init(value: settings.issuer),
                                  aud: .init(value: [settings.audience]), exp: .init(value: expiresAt), iat: .init(value: now))
        return (try await keys.sign(claims), expiresAt)
    }

    /// Verifies a token; returns its user or throws `AuthenticationFailure`.
    public func verify(_ token: String) async throws -> UserID {
        try await verifyWithExpiry(token).user
    }

    /// Verifies a token; returns its user and expiry or throws `AuthenticationFailure`.
    public func verifyWithExpiry(_ token: String) async throws -> (user: UserID, expiresAt: Date) {
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch {
            throw AuthenticationFailure("token rejected: \(error)")
        }
        guard claims.iss.value == settings.issuer else { throw AuthenticationFailure("wrong issuer") }
        guard claims.aud.value.contains(settings.audience) else { throw AuthenticationFailure("wrong audience") }
        guard let user = UserID(claims.sub.value) else { throw AuthenticationFailure("malformed subject") }
        return (user, claims.exp.value)
    }
}
