import Kernel
import PacketSupport

/// Per-monitor options of `probe.http` (the monitor's `config`). The target is the URL.
public struct HTTPOptions: Codable, Sendable, Hashable {
    /// `GET` (default), `HEAD`, `POST`, `PUT`, `PATCH`, `DELETE` or `OPTIONS`.
    public var method: String
    /// Request headers (names are tokens; values may not contain CR, LF or NUL).
    public var headers: [String: String]
    /// Request headers carrying credentials (`X-API-Key`): sent like `headers`, but sealed at
    /// rest and never returned.
    public var secretHeaders: [String: String]
    /// The request body, sent as is (give `Content-Type` in `headers`).
    public var body: String?
    /// HTTP basic authentication; the password is sealed at rest and never returned.
    public var basicAuth: BasicAuth?
    /// A bearer token for `Authorization: Bearer`; sealed at rest and never returned.
    public var bearerToken: String?
    /// Follow redirects (3xx with `Location`). Default true.
    public var followRedirects: Bool
    /// The most redirects followed before failing with `too_many_redirects`. Default 10.
    public var maxRedirects: Int
    /// Address family for the host: `any` (default), `ipv4`, `ipv6`.
    public var family: FamilyPreference
    /// A PEM file of CA certificates to trust instead of the system store.
    public var caFile: String?
    /// PEM text of CA certificates to trust instead of the system store.
    public var caPEM: String?
    /// Accept any certificate (the chain is still reported). Default false.
    public var skipVerify: Bool
    /// The `User-Agent` header. Default `Vantage/1 (probe.http)`.
    public var userAgent: String
    /// The most body bytes read; the rest is not downloaded. Default 1 MiB.
    public var maxBodyBytes: Int
    /// Accepted status codes: numbers, ranges (`200-299`) or classes (`2xx`). Default `2xx`.
    public var expectStatus: [String]
    /// Texts the body must contain.
    public var bodyContains: [String]
    /// Texts the body must not contain.
    public var bodyNotContains: [String]
    /// A regular expression (ICU syntax) the body must match.
    public var bodyRegex: String?
    /// JSON body checks: a path (`$.db.ok`, `$.items[0].name`) that must exist or equal a value.
    public var json: [JSONAssertion]
    /// Response headers that must equal a value (names case-insensitive).
    public var expectHeaders: [String: String]
    /// Total time in seconds above which an otherwise good result is degraded.
    public var degradedAfter: Double?
    /// For HTTPS: judge the certificate too (expiry window, event), as `probe.tls` does.
    /// Default true.
    public var checkCertificate: Bool
    /// Degraded when the certificate expires within this many days. Default 14.
    public var certificateWarningDays: Int

    /// Basic authentication credentials.
    public struct BasicAuth: Codable, Sendable, Hashable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// One JSON body check: `path` exists, or equals `equals`.
    public struct JSONAssertion: Codable, Sendable, Hashable {
        public var path: String
        public var equals: JSONValue?
        public var exists: Bool?

        public init(path: String, equals: JSONValue? = nil, exists: Bool? = nil) {
            self.path = path
            self.equals = equals
            self.exists = exists
        }
    }

    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    /// Secret fields, sealed at rest by the host and never returned by the API.
    public static let secretPaths = ["basicAuth.password", "bearerToken", "secretHeaders.*"]

    public init(method: String = "GET", headers: [String: String] = [:], secretHeaders: [String: String] = [:], body: String? = nil, basicAuth: BasicAuth? = nil,
                bearerToken: String? = nil, followRedirects: Bool = true, maxRedirects: Int = 10, family: FamilyPreference = .any,
                caFile: String? = nil, caPEM: String? = nil, skipVerify: Bool = false, userAgent: String = "Vantage/1 (probe.http)",
                maxBodyBytes: Int = 1 << 20, expectStatus: [String] = ["2xx"], bodyContains: [String] = [],
                bodyNotContains: [String] = [], bodyRegex: String? = nil, json: [JSONAssertion] = [],
                expectHeaders: [String: String] = [:], degradedAfter: Double? = nil, checkCertificate: Bool = true,
                certificateWarningDays: Int = 14) {
        self.method = method
        self.headers = headers
        self.secretHeaders = secretHeaders
        self.body = body
        self.basicAuth = basicAuth
        self.bearerToken = bearerToken
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.family = family
        self.caFile = caFile
        self.caPEM = caPEM
        self.skipVerify = skipVerify
        self.userAgent = userAgent
        self.maxBodyBytes = maxBodyBytes
        self.expectStatus = expectStatus
        self.bodyContains = bodyContains
        self.bodyNotContains = bodyNotContains
        self.bodyRegex = bodyRegex
        self.json = json
        self.expectHeaders = expectHeaders
        self.degradedAfter = degradedAfter
        self.checkCertificate = checkCertificate
        self.certificateWarningDays = certificateWarningDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HTTPOptions()
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? defaults.method
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        secretHeaders = try container.decodeIfPresent([String: String].self, forKey: .secretHeaders) ?? [:]
        body = try container.decodeIfPresent(String.self, forKey: .body)
        basicAuth = try container.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
        bearerToken = try container.decodeIfPresent(String.self, forKey: .bearerToken)
        followRedirects = try container.decodeIfPresent(Bool.self, forKey: .followRedirects) ?? true
        maxRedirects = try container.decodeIfPresent(Int.self, forKey: .maxRedirects) ?? defaults.maxRedirects
        family = try container.decodeIfPresent(FamilyPreference.self, forKey: .family) ?? .any
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        caPEM = try container.decodeIfPresent(String.self, forKey: .caPEM)
        skipVerify = try container.decodeIfPresent(Bool.self, forKey: .skipVerify) ?? false
        userAgent = try container.decodeIfPresent(String.self, forKey: .userAgent) ?? defaults.userAgent
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        expectStatus = try container.decodeIfPresent([String].self, forKey: .expectStatus) ?? defaults.expectStatus
        bodyContains = try container.decodeIfPresent([String].self, forKey: .bodyContains) ?? []
        bodyNotContains = try container.decodeIfPresent([String].self, forKey: .bodyNotContains) ?? []
        bodyRegex = try container.decodeIfPresent(String.self, forKey: .bodyRegex)
        json = try container.decodeIfPresent([JSONAssertion].self, forKey: .json) ?? []
        expectHeaders = try container.decodeIfPresent([String: String].self, forKey: .expectHeaders) ?? [:]
        degradedAfter = try container.decodeIfPresent(Double.self, forKey: .degradedAfter)
        checkCertificate = try container.decodeIfPresent(Bool.self, forKey: .checkCertificate) ?? true
        certificateWarningDays = try container.decodeIfPresent(Int.self, forKey: .certificateWarningDays) ?? defaults.certificateWarningDays
    }
}
