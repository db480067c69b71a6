import AuthSupport
import Foundation
import HostKit
import Kernel
import KernelTesting
import Logging
import Testing

@Suite("Authentication over HTTP", .serialized)
struct AuthenticationTests {
    func userID(_ host: TestHost, _ auth: TestHost.Auth = .admin) async throws -> UserID {
        try #require(UserID(try await host.request(.GET, "/api/v1/auth/me", auth: auth).string("user.id") ?? ""))
    }

    @Test func registrationMakesTheFirstUserAnAdministratorWithATenantOfTheirOwn() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let me = try await host.request(.GET, "/api/v1/auth/me")
        #expect(me.value("user.isAdmin") == .bool(true))
        #expect(me.string("tenants.0.role") == "owner")
        let second = try await host.register("bob")
        let bob = try await host.request(.GET, "/api/v1/auth/me", auth: .token(second))
        #expect(bob.value("user.isAdmin") == .bool(false))
        #expect(bob.string("tenants.0.name") == "bob")
        #expect(try await host.request(.GET, "/api/v1/users", auth: .token(second)).status == 403, "only administrators list users")
        #expect(try await host.request(.GET, "/api/v1/users").string("items.1.username") == "bob")
    }

    /// The default: the first account registers itself and becomes the administrator, then
    /// registration is closed (two racing first registrations make one account).
    @Test func byDefaultOnlyTheFirstAccountRegistersItself() async throws {
        var host = try await TestHost.start(passwordConfig: .object(["bcryptCost": .number(10)]), registerAdmin: false)
        defer { let started = host; Task { await started.stop() } }
        let started = host
        let before = try await host.request(.GET, "/api/v1/auth/registration", auth: .none)
        #expect(before.status == 200 && before.string("mode") == "first-user" && before.value("open") == .bool(true), "\(before.body)")
        let replies = try await withThrowingTaskGroup(of: TestHost.Reply.self) { group in
            for name in ["alice", "bruno", "chloe"] {
                group.addTask {
                    try await started.request(.POST, "/api/v1/auth/register",
                                              body: #"{"email":"\#(name)@example.org","username":"\#(name)","password":"a-good-password-1"}"#, auth: .none)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = replies.filter { $0.status == 201 }
        #expect(created.count == 1, "\(replies.map(\.status))")
        #expect(replies.filter { $0.status == 403 }.count == 2, "\(replies.map(\.body))")
        let first = try #require(created.first)
        #expect(first.value("user.isAdmin") == .bool(true))
        host.token = try #require(first.string("token"))
        let late = try await host.request(.POST, "/api/v1/auth/register", body: #"{"email":"d@example.org","username":"dora","password":"a-good-password-1"}"#, auth: .none)
        #expect(late.status == 403)
        let after = try await host.request(.GET, "/api/v1/auth/registration", auth: .none)
        #expect(after.string("mode") == "first-user" && after.value("open") == .bool(false), "closed once the first account exists: \(after.body)")
        #expect(late.string("detail")?.contains(#""registration": "open""#) == true, "says how to open it: \(late.body)")
        let invited = try await host.request(.POST, "/api/v1/users", body: #"{"email":"d@example.org","username":"dora","password":"a-good-password-1"}"#)
        #expect(invited.status == 201, "the administrator creates users: \(invited.body)")
        #expect(invited.value("isAdmin") == .bool(false))
    }

    @Test(arguments: [
        (#"{"email":"not-an-email","username":"carol","password":"a-good-password-1"}"#, "email"),
        (#"{"email":"root@example.org","username":"carol","password":"a-good-password-1"}"#, "email"),
        (#"{"email":"c@example.org","username":"ROOT","password":"a-good-password-1"}"#, "username"),
        (#"{"email":"c@example.org","username":"c","password":"a-good-password-1"}"#, "username"),
        (#"{"email":"c@example.org","username":"carol","password":"short1"}"#, "password"),
        (#"{"email":"c@example.org","username":"carol","password":"onlyletterslong"}"#, "password"),
        (#"{"email":"c@example.org","username":"carol","password":"carol-is-my-name-1"}"#, "password"),
        (#"{"email":"c@example.org","username":"carol"}"#, "password"),
        (#"{"email":"c@example.org","username":"carol","password":"a-good-password-1","isAdmin":true}"#, "isAdmin"),
    ])
    func registrationRefusesBadInputNamingTheField(_ body: String, _ field: String) async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let reply = try await host.request(.POST, "/api/v1/auth/register", body: body, auth: .none)
        #expect(reply.status == 422, "\(reply.body)")
        #expect(reply.string("errors.0.field") == field, "\(reply.body)")
        let long = String(repeating: "x", count: 5000)
        let oversized = try await host.request(.POST, "/api/v1/auth/register", body: #"{"email":"\#(long)@example.org","username":"\#(long)","password":"a-good-password-1"}"#, auth: .none)
        #expect(oversized.status == 422)
    }

    @Test(arguments: ["invite-only", "closed"])
    func registrationCanBeInviteOnlyOrClosed(_ mode: String) async throws {
        var host = try await TestHost.start(passwordConfig: .object(["bcryptCost": .number(10), "registration": .string(mode)]), registerAdmin: false)
        defer { let started = host; Task { await started.stop() } }
        let refused = try await host.request(.POST, "/api/v1/auth/register", body: #"{"email":"x@example.org","username":"xavier","password":"a-good-password-1"}"#, auth: .none)
        #expect(refused.status == 403)
        let registration = try await host.request(.GET, "/api/v1/auth/registration", auth: .none)
        #expect(registration.string("mode") == mode && registration.value("open") == .bool(false), "\(registration.body)")
        let accounts = try #require(host.host.services.passwordAccounts)
        _ = try await accounts.createAccount(email: "root@example.org", username: "root", password: "s3cret-passphrase", admin: true)
        host.token = try #require(try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"root","password":"s3cret-passphrase"}"#, auth: .none).string("token"))
        let created = try await host.request(.POST, "/api/v1/users", body: #"{"email":"i@example.org","username":"invited","password":"a-good-password-1"}"#)
        #expect(created.status == 201, "administrators create users: \(created.body)")
        #expect(try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"invited","password":"a-good-password-1"}"#, auth: .none).status == 200)
    }

    @Test func loginsAreThrottledPerAccountWithRetryAfter() async throws {
        let host = try await TestHost.start(passwordConfig: .object(["bcryptCost": .number(10), "loginAttemptsPerAccount": .number(3)]))
        defer { Task { await host.stop() } }
        let good = try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"root","password":"s3cret-passphrase"}"#, auth: .none)
        #expect(good.status == 200 && good.string("token") != nil)
        for _ in 0..<2 {
            #expect(try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"ROOT","password":"wrong-password-1"}"#, auth: .none).status == 401)
        }
        let throttled = try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"root","password":"s3cret-passphrase"}"#, auth: .none)
        #expect(throttled.status == 429)
        #expect(Int(throttled.headers["retry-after"] ?? "0") ?? 0 >= 1)
        let unknown = try await host.request(.POST, "/api/v1/auth/login", body: #"{"login":"nobody","password":"whatever-1"}"#, auth: .none)
        #expect(unknown.status == 401)
        #expect(unknown.string("detail") == "the login or password is not valid", "unknown users and wrong passwords look alike")
    }

    @Test func expiredTamperedForeignAndUnsignedTokensAre401() async throws {
        let host = try await TestHost.start()
        defer { Task { await host.stop() } }
        let me = try await userID(host)
        let logger = Logger(label: "test")
        let same = try await TokenAuthority(settings: TokenSettings(), environment: ["VANTAGE_JWT_SECRET": TestHost.secret], signing: true, logger: logger)
        let expired = try await same.issue(for: me, now: Date().addingTimeInterval(-2 * 86_400)).token
        let foreign = try await TokenAuthority(settings: TokenSettings(), environment: ["VANTAGE_JWT_SECRET": String(repeating: "k", count: 40)],
                                               signing: true, logger: logger).issue(for: me).token
        let otherIssuer = try await TokenAuthority(settings: TokenSettings(issuer: "someone-else"), environment: ["VANTAGE_JWT_SECRET": TestHost.secret],
                                                   signing: true, logger: logger).issue(for: me).token
        let otherAudience = try await TokenAuthority(settings: TokenSettings(audience: "another-api"), environment: ["VANTAGE_JWT_SECRET": TestHost.secret],
                                                     signing: true, logger: logger).issue(for: me).token
        let parts = host.token.split(separator: ".").map(String.init)
        let claims = try JSONValue.parse(Data(base64URL: parts[1]))
        var forged = claims.objectValue ?? [:]
        forged["sub"] = .string(UserID.random().description)
        let tampered = [parts[0], try JSONValue.object(forged).jsonData().base64URL, parts[2]].joined(separator: ".")
        let none = [Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URL, parts[1], ""].joined(separator: ".")
        let hsAsNone = [Data(#"{"alg":"HS512","typ":"JWT"}"#.utf8).base64URL, parts[1], parts[2]].joined(separator: ".")
        for (name, token) in [("expired", expired), ("foreign key", foreign), ("other issuer", otherIssuer), ("other audience", otherAudience),
                              ("tampered", tampered), ("alg none", none), ("algorithm swapped", hsAsNone), ("garbage", "abc.def")] {
            let reply = try await host.request(.GET, "/api/v1/monitors", auth: .token(token))
            #expect(reply.status == 401, "\(name) token")
            #expect(reply.headers["www-authenticate"] != nil)
        }
        #expect(try await host.request(.GET, "/api/v1/monitors").status == 200, "the real token works")
        #expect(try await host.request(.GET, "/api/v1/monitors", auth: .none).status == 401)
        #expect(try await host.request(.GET, "/metrics", auth: .none).status == 401, "metrics are private by default")
        #expect(try await host.request(.GET, "/health", auth: .none).status == 200)
    }

    @Test func publicMetricsCanBeEnabled() async throws {
        let host = try await TestHost.start(publicMetrics: true)
        defer { Task { await host.stop() } }
        #expect(try await host.request(.GET, "/metrics", auth: .none).status == 200)
    }
}

extension Data {
    init(base64URL text: String) throws {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { throw POSIXError(.EINVAL) }
        self = data
    }

    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
