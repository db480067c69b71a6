import Foundation
import Hummingbird
import Kernel
import NIOCore

/// `GET /api/v1/public/status-pages/{slug}`: a published status page for anyone, no
/// credentials, cached (`PublicStatusCache`); a draft or unknown slug is 404.
struct PublicStatusRoutes: RouteGroup {
    let pages: any StatusPageRepository
    let store: any Store
    let calendar: MaintenanceCalendar?
    let cache: PublicStatusCache
    var publicPaths: [PathPattern] { ["/api/v1/public/status-pages/{slug}"] }

    func register(on router: Router<APIRequestContext>) {
        router.get("api/v1/public/status-pages/:slug") { _, context in
            let slug = context.parameters.get("slug") ?? ""
            guard StatusPageInput.isSlug(slug) else { throw Problem.notFound("status page") }
            let body = try await cache.answer(slug) {
                guard let page = try await pages.page(slug: slug), page.published else { return nil }
                return Array(try APIEncoding.encoder.encode(try await PublicStatusView.make(page, store: store, calendar: calendar)))
            }
            guard let body else { throw Problem.notFound("status page") }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "public, max-age=\(Int(cache.seconds))"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
