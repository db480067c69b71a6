import Kernel

/// How access tokens are signed and checked; shared by `auth.password` (which issues tokens)
/// and `auth.jwt` (which verifies them), so both must be given the same values.
public struct TokenSettings: Codable, Sendable, Hashable {
    /// The environment variable holding the HS256 secret (at least 32 bytes). Default `VANTAGE_JWT_SECRET`.
    public var secretEnvironment: String
    /// ES256 private key (PEM) for signing instead of HS256; only the issuer needs it.
    public var privateKeyFile: String?
    /// ES256 public key (PEM) for verifying instead of HS256.
    public var publicKeyFile: String?
    /// The `iss` claim issued and required. Default `vantage`.
    public var issuer: String
    /// The `aud` claim issued and required. Default `vantage-api`.
    public var audience: String
    /// Seconds a token is valid. Default 86400 (1 day).
    public var tokenLifetimeSeconds: Int
    /// When the secret is missing, sign with a random one that dies with the process
    /// (development only; every token is invalid after a restart). Default false.
    public var ephemeralSecretWhenMissing: Bool

    /// Creates settings with the documented defaults.
    public init(secretEnvironment: String = "VANTAGE_JWT_SECRET", privateKeyFile: String? = nil, publicKeyFile: String? = nil,
                issuer: String = "vantage", audience: String = "vantage-api", tokenLifetimeSeconds: Int = 86_400,
                ephemeralSecretWhenMissing: Bool = false) {
        self.secretEnvironment = secretEnvironment
        self.privateKeyFile = privateKeyFile
        self.publicKeyFile = publicKeyFile
        self.issuer = issuer
        self.audience = audience
        self.tokenLifetimeSeconds = tokenLifetimeSeconds
        self.ephemeralSecretWhenMissing = ephemeralSecretWhenMissing
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TokenSettings()
        secretEnvironment = try container.decodeIfPresent(String.self, forKey: .secretEnvironment) ?? defaults.secretEnvironment
        privateKeyFile = try container.decodeIfPresent(String.self, forKey: .privateKeyFile)
        publicKeyFile = try container.decodeIfPresent(String.self, forKey: .publicKeyFile)
        issuer = try container.decodeIfPresent(String.self, forKey: .issuer) ?? defaults.issuer
        audience = try container.decodeIfPresent(String.self, forKey: .audience) ?? defaults.audience
        tokenLifetimeSeconds = try container.decodeIfPresent(Int.self, forKey: .tokenLifetimeSeconds) ?? defaults.tokenLifetimeSeconds
        ephemeralSecretWhenMissing = try container.decodeIfPresent(Bool.self, forKey: .ephemeralSecretWhenMissing) ?? false
        if !(60...31_536_000).contains(tokenLifetimeSeconds) {
            throw DecodingError.dataCorruptedError(forKey: .tokenLifetimeSeconds, in: container, debugDescription: "must be 60 to 31536000")
        }
    }
}
