import Crypto
import Foundation
import Hummingbird

/// The browser's session: the token `POST /api/v1/auth/session` issues, kept in an `HttpOnly`,
/// `SameSite=Strict` cookie that page scripts cannot read (nothing in `localStorage`), with a
/// CSRF token the page sends back in `X-CSRF-Token` on every request that changes something.
///
/// The CSRF token is derived from the session token (SHA-256 over a fixed label and the token),
/// so the server keeps no state for it: a page of another site can neither read the cookie nor
/// the session answer that carries the CSRF token, so it cannot forge the header.
public enum BrowserSession {
    /// The cookie's name.
    public static let cookieName = "vantage_session"
    /// The header a cookie-authenticated request that changes something must carry.
    public static let csrfHeader = "x-csrf-token"

    /// The CSRF token that belongs to a session token.
    public static func csrfToken(for sessionToken: String) -> String {
        let digest = SHA256.hash(data: Data(("vantage-csrf-v1:" + sessionToken).utf8))
        return Data(digest).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The session token in a request's `Cookie` header, if any.
    public static func token(inCookieHeader header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName else { continue }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The `Set-Cookie` value that keeps `token` until `expiresAt`; `Secure` when the page was
    /// served over HTTPS (directly or behind a proxy that says so).
    static func setCookie(_ token: String, expiresAt: Date, secure: Bool) -> String {
        let seconds = max(0, Int(expiresAt.timeIntervalSinceNow))
        return "\(cookieName)=\(token); Path=/; Max-Age=\(seconds); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that removes the session cookie.
    static func clearCookie(secure: Bool) -> String {
        "\(cookieName)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Whether the request reached us over HTTPS, as far as the server can tell.
    static func isSecure(_ request: Request) -> Bool {
        request.head.scheme == "https" || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// A request's headers as authenticators read them (names lower-cased), with the session
    /// cookie standing for a bearer token when no other credentials are sent. Throws a 403
    /// problem when the cookie may not be used (a change without the CSRF token, another
    /// origin). The cookie itself is left out: no authenticator needs it.
    static func authenticationHeaders(_ request: Request) throws -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        if headers["authorization"] == nil, headers["x-api-key"] == nil, let token = token(inCookieHeader: headers["cookie"]) {
            if let refusal = allows(request, sessionToken: token) { throw Problem(status: .forbidden, detail: refusal) }
            headers["authorization"] = "Bearer \(token)"
        }
        headers["cookie"] = nil
        return headers
    }

    /// Whether a request authenticated by the cookie may go on: methods that change something
    /// need the matching CSRF token, and a request that names an `Origin` must come from the
    /// server's own (a WebSocket handshake from another site's page is refused too).
    static func allows(_ request: Request, sessionToken: String) -> String? {
        if let origin = request.headers[.origin] {
            // The host the browser addressed: Host, or the one a reverse proxy says it forwarded.
            let hosts = [request.head.authority, request.headers[.init("X-Forwarded-Host")!]].compactMap { $0?.lowercased() }
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map { $0.lowercased() }
            if originHost.map({ !hosts.contains($0) }) ?? true {
                return "a request from another origin (\(origin)) may not use the session cookie"
            }
        }
        switch request.method {
        case .get, .head, .options:
            return nil
        default:
            let sent = request.headers[.init(csrfHeader)!]
            guard let sent, constantTimeEqual(sent, csrfToken(for: sessionToken)) else {
                return "a request authenticated by the session cookie needs the session's X-CSRF-Token header"
            }
            return nil
        }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
