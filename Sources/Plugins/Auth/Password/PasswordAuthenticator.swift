import AuthSupport
import Foundation
import Kernel
import Synchronization

/// `auth.password`: user accounts with bcrypt-hashed passwords. Registers users (each with a
/// tenant of their own), logs them in and issues signed access tokens that `auth.jwt`
/// verifies. Hashing runs on a thread pool of its own (`PasswordHashing`), never on an event loop
/// nor on NIO's shared blocking pool. Logins are
/// throttled per account and per client address.
public struct PasswordAuthenticator: Authenticator, PasswordAccounts {
    public static let id = PluginID("auth.password")!
    public static let summary = "Accounts with bcrypt passwords: registration, login, signed access tokens"

    /// Settings of `auth.password`.
    public struct Configuration: PluginConfiguration, Hashable {
        /// Who may register. Default `first-user`: the first account, then nobody.
        public var registration: RegistrationMode
        /// bcrypt cost, 10 to 14. Default 12.
        public var bcryptCost: Int
        /// Login attempts per account per window. Default 10.
        public var loginAttemptsPerAccount: Int
        /// Login attempts per client address per window. Default 30.
        public var loginAttemptsPerAddress: Int
        /// The throttling window in seconds. Default 900.
        public var loginWindowSeconds: Double
        /// How tokens are signed (as `auth.jwt`'s configuration).
        public var tokens: TokenSettings

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            registration = try container.decodeIfPresent(RegistrationMode.self, forKey: .registration) ?? .firstUser
            bcryptCost = try container.decodeIfPresent(Int.self, forKey: .bcryptCost) ?? 12
            loginAttemptsPerAccount = try container.decodeIfPresent(Int.self, forKey: .loginAttemptsPerAccount) ?? 10
            loginAttemptsPerAddress = try container.decodeIfPresent(Int.self, forKey: .loginAttemptsPerAddress) ?? 30
            loginWindowSeconds = try container.decodeIfPresent(Double.self, forKey: .loginWindowSeconds) ?? 900
            tokens = try container.decodeIfPresent(TokenSettings.self, forKey: .tokens) ?? TokenSettings()
            if !(10...14).contains(bcryptCost) {
                throw DecodingError.dataCorruptedError(forKey: .bcryptCost, in: container, debugDescription: "must be 10 to 14")
            }
            if loginAttemptsPerAccount < 1 || loginAttemptsPerAddress < 1 || !(1...86_400).contains(loginWindowSeconds) {
                throw DecodingError.dataCorruptedError(forKey: .loginWindowSeconds, in: container,
                                                       debugDescription: "attempts must be at least 1 and the window 1 to 86400 seconds")
            }
        }
    }

    private let configuration: Configuration
    private let identity: IdentityRecords
    private let authority: TokenAuthority
    private let attempts = TokenBuckets()
    /// Set while (and after) one request makes the first account under `first-user`.
    private let firstRegistration = FirstRegistrationClaim()
    /// A real hash to check unknown logins against, so they take as long as known ones;
    /// computed in the background so it does not delay start-up.
    private let decoyHash: Task<String, any Error>

    public var registrationMode: RegistrationMode { configuration.registration }

    public init(configuration: Configuration, context: PluginContext) async throws {
        guard let identity = context.identity else { throw ConfigurationError(path: "$", message: "auth.password needs a store") }
        self.configuration = configuration
        self.identity = identity
        authority = try await TokenAuthority(settings: configuration.tokens, environment: context.environment, signing: true, logger: context.logger)
        let cost = configuration.bcryptCost
        decoyHash = Task { try await PasswordHashing.hash(UUID().uuidString, cost: cost) }
    }

    /// Passwords are checked at login, not per request: this authenticator recognises nothing.
    public func authenticate(_ request: AuthRequest) async throws -> Principal? { nil }

    public func createAccount(email: String, username: String, password: String, admin: Bool) async throws -> User {
        try AccountRules.check(email: email, username: username, password: password)
        let cost = configuration.bcryptCost
        let hash = try await PasswordHashing.hash(password, cost: cost)
        let first = try await identity.users.count() == 0
        let user = User(email: email, username: username, passwordHash: hash, isAdmin: admin || first)
        try await identity.users.create(user)
        let tenant = Tenant(name: username)
        try await identity.tenants.create(tenant)
        try await identity.memberships.set(.owner, user: user.id, tenant: tenant.id)
        return user
    }

    public func register(email: String, username: String, password: String) async throws -> User {
        switch configuration.registration {
        case .open:
            return try await createAccount(email: email, username: username, password: password, admin: false)
        case .inviteOnly:
            throw RegistrationRefused("registration is by invitation: ask an administrator to create your account")
        case .closed:
            throw RegistrationRefused("registration is closed")
        case .firstUser:
            let closed = RegistrationRefused("""
                registration is closed: the server has its administrator, who creates users (POST /api/v1/users); \
                set "registration": "open" in the auth.password configuration to let anyone register
                """)
            guard try await identity.users.count() == 0, firstRegistration.claim() else { throw closed }
            do {
                return try await createAccount(email: email, username: username, password: password, admin: true)
            } catch {
                firstRegistration.release()
                throw error
            }
        }
    }

    public func logIn(login: String, password: String, clientAddress: String) async throws -> IssuedToken {
        let window = configuration.loginWindowSeconds
        for (key, limit) in [("account|" + login.lowercased(), configuration.loginAttemptsPerAccount),
                             ("address|" + clientAddress, configuration.loginAttemptsPerAddress)] {
            if let wait = attempts.take(key, limit: limit, perSeconds: window) {
                throw TooManyAttempts(retryAfter: max(Int(wait.rounded(.up)), 1))
            }
        }
        let user = try await identity.users.find(login: login)
        let hash: String
        if let user { hash = user.passwordHash } else { hash = try await decoyHash.value }
        let matches = try await PasswordHashing.verify(password, hash: hash)
        guard let user, matches else { throw AuthenticationFailure("wrong login or password") }
        let (token, expiresAt) = try await authority.issue(for: user.id)
        return IssuedToken(token: token, expiresAt: expiresAt, user: user)
    }
}

/// Lets one request at a time make the first account under `first-user`.
private final class FirstRegistrationClaim: Sendable {
    private let claimed = Mutex(false)

    /// True for the one caller that may make the first account.
    func claim() -> Bool {
        claimed.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }

    /// Gives the claim back after the first account could not be made.
    func release() { claimed.withLock { $0 = false } }
}
