import Foundation
import HostKit
import Kernel
import Testing

/// The browser's session: the token in an HttpOnly, SameSite=Strict cookie (never in the
/// body), a CSRF token required on every cookie-authenticated change, and requests from other
/// origins refused.
@Suite("browser session")
struct BrowserSessionTests {
    static func signIn(_ host: TestHost) async throws -> (cookie: String, csrf: String) {
        let signedIn = try await host.request(.POST, "/api/v1/auth/session", body: #"{"login":"root","password":"s3cret-passphrase"}"#, auth: .none)
        #expect(signedIn.status == 200, "\(signedIn.body)")
        let setCookie = try #require(signedIn.headers["set-cookie"])
        #expect(setCookie.hasPrefix("vantage_session=") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        #expect(!setCookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never be sent back")
        #expect(signedIn.value("token") == nil, "the token stays out of the page's reach: \(signedIn.body)")
        #expect(signedIn.string("user.username") == "root" && signedIn.value("tenants.0.id") != nil)
        let cookie = String(setCookie.split(separator: ";")[0])
        let csrf = try #require(signedIn.string("csrfToken"))
        return (cookie, csrf)
    }

    @Test func theCookieAuthenticatesAndChangesNeedTheCSRFToken() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let (cookie, csrf) = try await Self.signIn(host)

        let session = try await host.request(.GET, "/api/v1/auth/session", headers: ["Cookie": cookie], auth: .none)
        #expect(session.status == 200 && session.string("csrfToken") == csrf, "\(session.body)")
        let listed = try await host.request(.GET, "/api/v1/monitors", headers: ["Cookie": "theme=dark; \(cookie)"], auth: .none)
        #expect(listed.status == 200, "a GET needs no CSRF token: \(listed.body)")

        let monitor = #"{"name":"web","kind":"tcp","target":"127.0.0.1:9","interval":60}"#
        let forged = try await host.request(.POST, "/api/v1/monitors", body: monitor, headers: ["Cookie": cookie], auth: .none)
        #expect(forged.status == 403 && forged.string("detail")?.contains("X-CSRF-Token") == true, "\(forged.body)")
        let wrong = try await host.request(.POST, "/api/v1/monitors", body: monitor, headers: ["Cookie": cookie, "X-CSRF-Token": "x" + csrf.dropFirst()], auth: .none)
        #expect(wrong.status == 403)
        let made = try await host.request(.POST, "/api/v1/monitors", body: monitor, headers: ["Cookie": cookie, "X-CSRF-Token": csrf], auth: .none)
        #expect(made.status == 201, "\(made.body)")

        let crossSite = try await host.request(.GET, "/api/v1/monitors", headers: ["Cookie": cookie, "Origin": "https://evil.example"], auth: .none)
        #expect(crossSite.status == 403 && crossSite.string("detail")?.contains("another origin") == true, "\(crossSite.body)")
        let sameSite = try await host.request(.GET, "/api/v1/monitors", headers: ["Cookie": cookie, "Origin": "http://127.0.0.1:\(host.port)"], auth: .none)
        #expect(sameSite.status == 200, "\(sameSite.body)")

        // A header credential wins over the cookie and needs no CSRF token (API clients).
        let withToken = try await host.request(.POST, "/api/v1/monitors", body: monitor.replacingOccurrences(of: "\"web\"", with: "\"api\""), headers: ["Cookie": cookie])
        #expect(withToken.status == 201, "\(withToken.body)")

        let signedOut = try await host.request(.DELETE, "/api/v1/auth/session", headers: ["Cookie": cookie], auth: .none)
        #expect(signedOut.status == 204 && signedOut.headers["set-cookie"]?.contains("Max-Age=0") == true)
    }

    @Test func badSignInsAndMissingSessionsAreClearErrors() async throws {
        let host = try await TestHost.start(rateLimits: [])
        defer { Task { await host.stop() } }
        let wrong = try await host.request(.POST, "/api/v1/auth/session", body: #"{"login":"root","password":"not-the-password"}"#, auth: .none)
        #expect(wrong.status == 401 && wrong.headers["set-cookie"] == nil, "\(wrong.body)")
        let missing = try await host.request(.POST, "/api/v1/auth/session", body: #"{"login":"root"}"#, auth: .none)
        #expect(missing.status == 422 && missing.body.contains("password"), "\(missing.body)")
        // Not signed in is an answer, not an error: the page asks before it knows.
        let none = try await host.request(.GET, "/api/v1/auth/session", auth: .none)
        #expect(none.status == 204)
        let forged = try await host.request(.GET, "/api/v1/auth/session", headers: ["Cookie": "vantage_session=not.a.token"], auth: .none)
        #expect(forged.status == 204 && forged.headers["set-cookie"]?.contains("Max-Age=0") == true, "an ended session's cookie is removed")
        let stranger = try await host.request(.GET, "/api/v1/monitors", headers: ["Cookie": "vantage_session=not.a.token"], auth: .none)
        #expect(stranger.status == 401)
    }
}
