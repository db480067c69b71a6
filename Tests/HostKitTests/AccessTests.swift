import Foundation
import HostKit
import Kernel
import KernelTesting
import Logging
import Synchronization
import Testing

@Suite("Access control over HTTP", .serialized)
struct AccessTests {
    let monitor = #"{"name":"m","kind":"tcp","target":"127.0.0.1:9","interval":60}"#

    func key(_ host: TestHost, scopes: String, expiresAt: String? = nil, auth: TestHost.Auth = .admin) async throws -> (id: String, secret: String) {
        let expiry = expiresAt.map { #","expiresAt":"\#($0)""# } ?? ""
        let reply = try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"k","scopes":[\#(scopes)]\#(expiry)}"#, auth: auth)
        return (try #require(reply.string("id"), "\(reply.body)"), try #require(reply.string("key")))
    }

    @Test func apiKeysAreShownOnceAndStopWorkingWhenRevokedExpiredOrDeleted() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let (id, secret) = try await key(host, scopes: #""read""#)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(secret)).status == 200)
        let shown = try await host.request(.GET, "/api/v1/apikeys/\(id)")
        #expect(shown.value("key") == nil, "the secret is shown only at creation")
        #expect(!shown.body.contains(secret))
        #expect(shown.string("lastUsedAt") != nil, "last use is recorded")
        #expect(try await host.request(.PUT, "/api/v1/apikeys/\(id)", body: #"{"name":"k","scopes":["read"],"revoked":true}"#).string("revokedAt") != nil)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(secret)).status == 401, "revoked")

        let soon = Date().addingTimeInterval(1.5).formatted(.iso8601)
        let (_, expiring) = try await key(host, scopes: #""read""#, expiresAt: soon)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(expiring)).status == 200)
        try await Task.sleep(for: .seconds(2))
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(expiring)).status == 401, "expired")

        let (other, deleted) = try await key(host, scopes: #""read""#)
        #expect(try await host.request(.DELETE, "/api/v1/apikeys/\(other)").status == 204)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(deleted)).status == 401, "deleted")
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(String(secret.dropLast()) + "0")).status == 401, "wrong secret")
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey("vk_nope")).status == 401, "malformed")
        #expect(try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"k","scopes":["root"]}"#).string("errors.0.allowedValues.0") == "read")
        #expect(try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"k","scopes":[]}"#).string("errors.0.field") == "scopes")
        #expect(try await host.request(.POST, "/api/v1/apikeys", body: #"{"name":"k","scopes":["read"],"expiresAt":"soon"}"#).string("errors.0.field") == "expiresAt")
    }

    @Test func eachScopeIsAllowedAndRefusedWhereItShouldBe() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let read = try await key(host, scopes: #""read""#).secret
        let write = try await key(host, scopes: #""read","write""#).secret
        let ingest = try await key(host, scopes: #""ingest""#).secret
        let admin = try await key(host, scopes: #""admin""#).secret
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(read)).status == 200)
        #expect(try await host.request(.POST, "/api/v1/monitors", body: monitor, auth: .apiKey(read)).status == 403)
        #expect(try await host.request(.POST, "/api/v1/monitors", body: monitor, auth: .apiKey(write)).status == 201)
        #expect(try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:9","timeout":1}"#, auth: .apiKey(write)).status == 200)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .apiKey(ingest)).status == 403, "an ingest key cannot read")
        #expect(try await host.request(.GET, "/api/v1/probes/history", auth: .apiKey(ingest)).status == 403)
        #expect(try await host.request(.GET, "/api/v1/apikeys", auth: .apiKey(write)).status == 403, "keys are managed with admin scope")
        #expect(try await host.request(.GET, "/api/v1/apikeys", auth: .apiKey(admin)).status == 200)
        #expect(try await host.request(.GET, "/api/v1/tenants", auth: .apiKey(admin)).status == 403, "tenants are managed by users")
        #expect(try await host.request(.GET, "/api/v1/users", auth: .apiKey(admin)).status == 403)
    }

    @Test func eachRoleIsAllowedAndRefusedWhereItShouldBe() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let tenant = try #require(try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id"))
        var tokens: [Role: String] = [:]
        for role in [Role.viewer, .member, .admin] {
            let token = try await host.register("user-\(role.rawValue)")
            let id = try #require(try await host.request(.GET, "/api/v1/auth/me", auth: .token(token)).string("user.id"))
            #expect(try await host.request(.PUT, "/api/v1/tenants/\(tenant)/members/\(id)", body: #"{"role":"\#(role.rawValue)"}"#).status == 200)
            tokens[role] = token
        }
        let inTenant = ["X-Tenant-Id": tenant]
        func status(_ method: HTTPMethodName, _ path: String, _ role: Role, body: String? = nil) async throws -> Int {
            try await host.request(method.value, path, body: body, headers: inTenant, auth: .token(tokens[role]!)).status
        }
        #expect(try await status(.get, "/api/v1/monitors", .viewer) == 200)
        #expect(try await status(.post, "/api/v1/monitors", .viewer, body: monitor) == 403, "a viewer cannot write")
        #expect(try await status(.post, "/api/v1/probes/tcp", .viewer, body: #"{"target":"127.0.0.1:9"}"#) == 403)
        #expect(try await status(.post, "/api/v1/monitors", .member, body: monitor) == 201)
        #expect(try await status(.get, "/api/v1/apikeys", .member) == 403, "a member cannot manage keys")
        #expect(try await status(.get, "/api/v1/apikeys", .admin) == 200)
        #expect(try await status(.get, "/api/v1/tenants/\(tenant)/members", .viewer) == 200)
        let viewer = try #require(try await host.request(.GET, "/api/v1/auth/me", auth: .token(tokens[.viewer]!)).string("user.id"))
        #expect(try await status(.put, "/api/v1/tenants/\(tenant)/members/\(viewer)", .member, body: #"{"role":"admin"}"#) == 403)
        #expect(try await status(.put, "/api/v1/tenants/\(tenant)/members/\(viewer)", .admin, body: #"{"role":"owner"}"#) == 403, "only owners grant owner")
        #expect(try await status(.put, "/api/v1/tenants/\(tenant)/members/\(viewer)", .admin, body: #"{"role":"chief"}"#) == 422)
        #expect(try await status(.delete, "/api/v1/tenants/\(tenant)/members/\(viewer)", .admin) == 204)
        #expect(try await status(.get, "/api/v1/monitors", .viewer) == 404, "a removed member no longer sees the tenant")
    }

    @Test func adminsAddExistingAccountsByEmailOrUserName() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let tenant = try #require(try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id"))
        let members = "/api/v1/tenants/\(tenant)/members"
        let dana = try await host.register("dana")
        _ = try await host.register("eli")
        let added = try await host.request(.POST, members, body: #"{"login":"dana@example.org","role":"member"}"#)
        #expect(added.status == 201 && added.string("user.username") == "dana" && added.string("role") == "member", "\(added.body)")
        #expect(try await host.request(.GET, "/api/v1/monitors", headers: ["X-Tenant-Id": tenant], auth: .token(dana)).status == 200, "dana sees the tenant now")
        let again = try await host.request(.POST, members, body: #"{"login":"DANA","role":"admin"}"#)
        #expect(again.status == 409 && again.string("detail")?.contains("member already") == true, "\(again.body)")
        let unknown = try await host.request(.POST, members, body: #"{"login":"nobody@example.org","role":"viewer"}"#)
        #expect(unknown.status == 404 && unknown.string("errors.0.field") == "login", "\(unknown.body)")
        #expect(try await host.request(.POST, members, body: #"{"login":"eli","role":"chief"}"#).status == 422)
        #expect(try await host.request(.POST, members, body: #"{"login":"","role":"viewer"}"#).status == 422)
        #expect(try await host.request(.POST, members, body: #"{"login":"eli","role":"viewer"}"#, auth: .token(dana)).status == 403, "a member cannot add members")
        _ = try await host.request(.PUT, "\(members)/\(try #require(added.string("user.id")))", body: #"{"role":"admin"}"#)
        #expect(try await host.request(.POST, members, body: #"{"login":"eli","role":"owner"}"#, auth: .token(dana)).status == 403, "only owners grant owner")
        #expect(try await host.request(.POST, members, body: #"{"login":"eli","role":"viewer"}"#, auth: .token(dana)).status == 201, "an admin adds a viewer")
    }

    @Test func anotherTenantsDataIsInvisibleOnEveryRoute() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let tenantA = try #require(try await host.request(.GET, "/api/v1/auth/me").string("tenants.0.id"))
        let id = try #require(try await host.request(.POST, "/api/v1/monitors", body: monitor).string("id"))
        _ = try await host.request(.POST, "/api/v1/probes/tcp", body: #"{"target":"127.0.0.1:9","timeout":1}"#)
        let (keyA, secretA) = try await key(host, scopes: #""read","write","admin""#)
        let bob = TestHost.Auth.token(try await host.register("bob"))
        let tenantB = try #require(try await host.request(.GET, "/api/v1/auth/me", auth: bob).string("tenants.0.id"))
        let monitorPaths: [(HTTPMethodName, String, String?)] = [
            (.get, "/api/v1/monitors/\(id)", nil), (.put, "/api/v1/monitors/\(id)", monitor), (.patch, "/api/v1/monitors/\(id)", #"{"name":"x"}"#),
            (.post, "/api/v1/monitors/\(id)/pause", nil), (.post, "/api/v1/monitors/\(id)/resume", nil),
            (.get, "/api/v1/monitors/\(id)/results", nil), (.get, "/api/v1/monitors/\(id)/history", nil),
            (.get, "/api/v1/monitors/\(id)/uptime", nil), (.delete, "/api/v1/monitors/\(id)", nil),
            (.get, "/api/v1/apikeys/\(keyA)", nil), (.put, "/api/v1/apikeys/\(keyA)", #"{"name":"x","scopes":["read"],"revoked":true}"#),
            (.delete, "/api/v1/apikeys/\(keyA)", nil), (.get, "/api/v1/tenants/\(tenantA)/members", nil),
        ]
        for (method, path, body) in monitorPaths {
            #expect(try await host.request(method.value, path, body: body, auth: bob).status == 404, "\(method) \(path) by another tenant")
            #expect(try await host.request(method.value, path, body: body, headers: ["X-Tenant-Id": tenantA], auth: bob).status == 404,
                    "\(method) \(path) naming the tenant")
        }
        #expect(try await host.request(.GET, "/api/v1/monitors?tenantId=\(tenantA)", auth: bob).status == 404)
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: bob).value("items") == .array([]))
        #expect(try await host.request(.GET, "/api/v1/probes/history", auth: bob).value("items") == .array([]))
        #expect(try await host.request(.GET, "/api/v1/apikeys", auth: bob).value("items") == .array([]))
        #expect(try await host.request(.GET, "/api/v1/monitors", headers: ["X-Tenant-Id": tenantB], auth: .apiKey(secretA)).status == 404,
                "a key cannot leave its tenant")
        #expect(try await host.request(.GET, "/api/v1/monitors/\(id)").status == 200, "the owner's monitor is untouched")
        #expect(try await host.request(.GET, "/api/v1/monitors/\(id)", auth: .apiKey(secretA)).status == 200)
    }

    @Test func passwordsKeysAndHashesNeverAppearInResponsesOrLogs() async throws {
        let lines = LogLines()
        var logger = Logger(label: "capture") { _ in lines }
        logger.logLevel = .trace
        let host = try await TestHost.start(logger: logger)
        defer { Task { await host.stop() } }
        var bodies: [String] = []
        let bobToken = try await host.register("bob", password: "tulip-garden-77")
        let (keyID, secret) = try await key(host, scopes: #""read""#)
        for path in ["/api/v1/auth/me", "/api/v1/users", "/api/v1/apikeys", "/api/v1/apikeys/\(keyID)", "/api/v1/tenants"] {
            bodies.append(try await host.request(.GET, path).body)
        }
        bodies.append(try await host.request(.GET, "/api/v1/auth/me", auth: .apiKey(secret)).body)
        bodies.append(try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"bob","password":"tulip-garden-77"}"#, auth: .none).body)
        bodies.append(try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"bob","password":"wrong-password-88"}"#, auth: .none).body)
        _ = try await host.request(.GET, "/api/v1/monitors", auth: .token(bobToken + "x"))
        let store = host.host.services.store
        let hashes = try await store.users.listAllTenants(page: PageRequest()).items.map(\.passwordHash)
        let keyHash = try #require(try await store.apiKeys.findForAuthentication(prefix: String(secret.split(separator: "_")[1]))?.secretHash)
        let logged = lines.text
        for secretText in hashes + [keyHash, "tulip-garden-77", "wrong-password-88", "s3cret-passphrase"] {
            #expect(!bodies.contains { $0.contains(secretText) }, "a response contains a secret")
            #expect(!logged.contains(secretText), "the log contains a secret")
        }
        #expect(!bodies.contains { $0.contains("passwordHash") || $0.contains("secretHash") })
        #expect(logged.contains("authentication refused"), "the capture works")
    }
}

/// HTTP methods by name, for tables of requests.
enum HTTPMethodName: String {
    case get, post, put, patch, delete
    var value: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .put: .PUT
        case .patch: .PATCH
        case .delete: .DELETE
        }
    }
}

/// A log handler that keeps every line, for checking what is logged.
final class LogLines: LogHandler, @unchecked Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let line = "\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)"
        lines.withLock { $0.append(line) }
    }
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

@Suite("API dates")
struct APIDateTests {
    @Test(arguments: ["2026-12-02T10:00:00Z", "2026-12-02T10:00:00.123Z", "2026-12-02t10:00:00z", "2026-12-02T11:00:00+01:00",
                      "1764669600", "1764669600.5", "-10", "2046-06-21T13:24:51.1-23:04", "2016-12-31T23:59:60Z", "2024-02-29T00:00:00Z"])
    func acceptsWhatTheDocumentDeclares(_ text: String) {
        #expect(APIEncoding.parseDate(text) != nil, "\(text)")
    }

    @Test func readsOffsetsFractionsAndLeapSeconds() {
        let utc = APIEncoding.parseDate("2026-12-02T10:00:00Z")!
        #expect(APIEncoding.parseDate("2026-12-02T11:30:00+01:30") == utc)
        #expect(APIEncoding.parseDate("2026-12-02T00:56:00.5-09:04")!.timeIntervalSince(utc) == 0.5)
        #expect(APIEncoding.parseDate("2016-12-31T23:59:60Z") == APIEncoding.parseDate("2017-01-01T00:00:00Z"))
        #expect(APIEncoding.parseDate("1796205600") == utc)
    }

    @Test(arguments: ["", "nan", "inf", "1e9", "0x10", "yesterday", "2026-13-01T00:00:00Z", "1764669600.", String(repeating: "1", count: 50),
                      "2023-02-29T00:00:00Z", "2026-12-02T24:00:00Z", "2026-12-02T10:00:00+24:00", "2026-12-02T10:00:00", "2026-12-02"])
    func refusesAnythingElse(_ text: String) {
        #expect(APIEncoding.parseDate(text) == nil, "\(text)")
    }
}
