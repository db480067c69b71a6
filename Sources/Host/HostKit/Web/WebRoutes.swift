import Foundation
import Hummingbird
import NIOCore

/// The web interface: `/` serves the single page, `/ui/...` its scripts, styles and vendored
/// libraries, `/status/{slug}` the public status page. Every answer carries a strict
/// Content-Security-Policy (scripts and styles from this server only, no inline code, no
/// framing) and an ETag, and text files go gzip-compressed to browsers that accept it. The
/// files are public; the data they show comes from the API with the session cookie.
///
/// Served by a middleware, not routes: the files are not API operations (the OpenAPI document
/// lists every route), and a request for anything else passes on untouched.
struct WebRoutes: RouteGroup, RouterMiddleware {
    typealias Context = APIRequestContext
    let assets: WebAssets
    var publicPaths: [PathPattern] { ["/", "/favicon.ico", "/ui/{file}", "/ui/{folder}/{file}", "/status/{slug}"] }

    /// The policy of every page and file.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
        "connect-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func register(on router: Router<APIRequestContext>) {
        router.add(middleware: self)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        if path == "/" { return serve("index.html", request, head: request.method == .head) }
        // Browsers ask for it whatever the page names.
        if path == "/favicon.ico" { return serve("icon.svg", request, head: request.method == .head) }
        if path.hasPrefix("/ui/") { return serve(String(path.dropFirst("/ui/".count)), request, head: request.method == .head) }
        // A public status page: one page for every slug; its script reads the slug from the
        // address and the data from /api/v1/public/status-pages/{slug}.
        if path.hasPrefix("/status/"), !path.dropFirst("/status/".count).contains("/") { return serve("status.html", request, head: request.method == .head) }
        return try await next(request, context)
    }

    private func serve(_ path: String, _ request: Request, head: Bool = false) -> Response {
        guard !path.contains(".."), let asset = assets.files[path] else {
            return Problem(status: .notFound, detail: "no such file: /\(path == "index.html" ? "" : "ui/" + path)").response()
        }
        var headers = HTTPFields()
        headers[.contentType] = asset.contentType
        // Revalidated on every load (an ETag match is a 304 without a body), so an upgrade
        // of the server is seen at once.
        headers[.cacheControl] = "no-cache"
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.init("X-Frame-Options")!] = "DENY"
        // Compressed when the browser takes gzip; caches keep the two forms apart.
        let gzipped = asset.gzipped.flatMap { Gzip.isAccepted(by: request.headers[.acceptEncoding]) ? $0 : nil }
        if asset.gzipped != nil { headers[.vary] = "Accept-Encoding" }
        let etag = gzipped == nil ? asset.etag : asset.gzipETag
        headers[.eTag] = etag
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true {
            return Response(status: .notModified, headers: headers)
        }
        if gzipped != nil { headers[.contentEncoding] = "gzip" }
        let bytes = gzipped ?? asset.bytes
        headers[.contentLength] = String(bytes.count)
        let body = head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        return Response(status: .ok, headers: headers, body: body)
    }
}
