import Foundation

/// Who may register accounts through `POST /api/v1/auth/register`.
public enum RegistrationMode: String, Sendable, Codable, Hashable, CaseIterable {
    /// The first account of a server registers itself and becomes its administrator; after
    /// that registration is closed, and administrators create users. The default, so a new
    /// server is not open to strangers.
    case firstUser = "first-user"
    /// Anyone.
    case open
    /// Nobody through registration; administrators create users.
    case inviteOnly = "invite-only"
    /// Nobody; users are made with `vantage user create`.
    case closed
}

/// A signed access token for a user.
public struct IssuedToken: Sendable {
    /// The bearer token.
    public var token: String
    /// When it expires.
    public var expiresAt: Date
    /// The user it was issued to.
    public var user: User

    /// Creates an issued token.
    public init(token: String, expiresAt: Date, user: User) {
        self.token = token
        self.expiresAt = expiresAt
        self.user = user
    }
}

/// An optional ability of an authenticator plugin: user accounts with passwords
/// (`auth.password`). The host discovers it by conformance and serves registration, login
/// and `vantage user create` through it.
public protocol PasswordAccounts: Sendable {
    /// Who may register.
    var registrationMode: RegistrationMode { get }
    /// Creates a user with their own tenant (as owner). The first user of a server is an
    /// administrator; `admin` makes one explicitly. Throws `ValidationError` for a weak
    /// password or malformed e-mail, `StoreError.conflict` for a taken e-mail or name.
    func createAccount(email: String, username: String, password: String, admin: Bool) async throws -> User
    /// Self-registration through the API, as `registrationMode` allows: creates the account
    /// (as `createAccount` without `admin`), or throws `RegistrationRefused` saying why not.
    /// Under `first-user` only one concurrent request can make the first account.
    func register(email: String, username: String, password: String) async throws -> User
    /// Checks a password and issues a token. Throws `AuthenticationFailure` for a wrong
    /// login or password (without saying which), `TooManyAttempts` when throttled.
    func logIn(login: String, password: String, clientAddress: String) async throws -> IssuedToken
}

/// A new API key and its secret, shown once.
public struct IssuedAPIKey: Sendable {
    /// The stored record (holding only a hash of the secret).
    public var key: APIKey
    /// The whole key to hand to the client: `vk_<prefix>_<secret>`.
    public var secret: String

    /// Creates an issued key.
    public init(key: APIKey, secret: String) {
        self.key = key
        self.secret = secret
    }
}

/// An optional ability of an authenticator plugin: minting API keys in its own format
/// (`auth.api_key`). The host serves `POST /api/v1/apikeys` and `vantage apikey create`
/// through it.
public protocol APIKeyIssuer: Sendable {
    /// Creates and stores a key of `tenant`.
    func issue(tenant: TenantID, name: String, scopes: Set<Scope>, expiresAt: Date?, createdBy: UserID?) async throws -> IssuedAPIKey
}

/// Self-registration refused by the registration mode (the API answers 403).
public struct RegistrationRefused: Error, Sendable, CustomStringConvertible {
    /// Why, and what to do instead.
    public var description: String

    /// Creates the refusal.
    public init(_ description: String) { self.description = description }
}
