import Kernel

/// A request-rate limit on a group of routes: `{"routes": "probes", "limit": 50,
/// "perSeconds": 3600}` allows each user or API key 50 one-shot probes an hour (a token
/// bucket: bursts up to `limit`, refilled evenly); `"by": "address"` counts per client IP
/// instead. Past it the API answers 429 with `Retry-After`.
public struct RateLimitRule: Codable, Sendable, Hashable {
    /// Which routes the rule counts.
    public enum Routes: String, Codable, Sendable, CaseIterable {
        /// Requests that send traffic on the caller's behalf: `POST /api/v1/probes/{kind}`,
        /// `POST /api/v1/traces`, `POST /api/v1/hosts/{id}/test` and `/hosts/test-connection`.
        case probes
        /// Every `GET` under `/api/v1`.
        case read
        /// Every `POST`, `PUT`, `PATCH` and `DELETE` under `/api/v1`.
        case write
        /// Every request under `/api/v1`.
        case all
    }

    /// What a rule counts by.
    public enum Key: String, Codable, Sendable, CaseIterable {
        /// The authenticated user or API key (the client address before authentication).
        case principal
        /// The client's IP address, whoever is calling.
        case address
    }

    /// The routes counted.
    public var routes: Routes
    /// What requests are counted by. Default `principal`.
    public var by: Key
    /// Requests allowed per window.
    public var limit: Int
    /// The window in seconds.
    public var perSeconds: Double

    /// Creates a rule.
    public init(routes: Routes, limit: Int, perSeconds: Double, by: Key = .principal) {
        self.routes = routes
        self.limit = limit
        self.perSeconds = perSeconds
        self.by = by
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        routes = try container.decode(Routes.self, forKey: .routes)
        limit = try container.decode(Int.self, forKey: .limit)
        perSeconds = try container.decode(Double.self, forKey: .perSeconds)
        by = try container.decodeIfPresent(Key.self, forKey: .by) ?? .principal
        if !(1...1_000_000).contains(limit) {
            throw DecodingError.dataCorruptedError(forKey: .limit, in: container, debugDescription: "must be 1 to 1000000")
        }
        if !(perSeconds >= 1 && perSeconds <= 86_400) {
            throw DecodingError.dataCorruptedError(forKey: .perSeconds, in: container, debugDescription: "must be 1 to 86400")
        }
    }

    /// The default: 50 one-shot probes per client per hour.
    public static let defaults = [RateLimitRule(routes: .probes, limit: 50, perSeconds: 3600)]
}

/// Cross-origin access for browsers. No origin is allowed by default.
public struct CORSSettings: Codable, Sendable, Hashable {
    /// Origins allowed to call the API (`https://dash.example.com`); `*` allows any.
    public var allowedOrigins: [String]
    /// Methods allowed cross-origin.
    public var allowedMethods: [String]
    /// Request headers allowed cross-origin.
    public var allowedHeaders: [String]
    /// How long browsers may cache a preflight answer.
    public var maxAgeSeconds: Int

    /// Creates settings with the documented defaults.
    public init(allowedOrigins: [String] = [], allowedMethods: [String] = ["GET", "POST", "PUT", "PATCH", "DELETE"],
                allowedHeaders: [String] = ["Content-Type", "Authorization", "X-API-Key", "X-Tenant-Id"], maxAgeSeconds: Int = 600) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = CORSSettings()
        allowedOrigins = try container.decodeIfPresent([String].self, forKey: .allowedOrigins) ?? defaults.allowedOrigins
        allowedMethods = try container.decodeIfPresent([String].self, forKey: .allowedMethods) ?? defaults.allowedMethods
        allowedHeaders = try container.decodeIfPresent([String].self, forKey: .allowedHeaders) ?? defaults.allowedHeaders
        maxAgeSeconds = try container.decodeIfPresent(Int.self, forKey: .maxAgeSeconds) ?? defaults.maxAgeSeconds
        for origin in allowedOrigins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
            throw DecodingError.dataCorruptedError(forKey: .allowedOrigins, in: container,
                                                   debugDescription: "'\(origin)' is not an origin: expected https://host[:port], http://host[:port] or *")
        }
        if !(0...86_400).contains(maxAgeSeconds) {
            throw DecodingError.dataCorruptedError(forKey: .maxAgeSeconds, in: container, debugDescription: "must be 0 to 86400")
        }
    }
}
