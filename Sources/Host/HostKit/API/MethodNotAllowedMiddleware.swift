import Hummingbird

/// Answers 405 with an `Allow` header, instead of 404, when the path is a route of the API
/// but the method is not one of its methods (TRACE, or DELETE on a read-only path). Added
/// after the routes, with the router's own table of them; it acts only on requests no route
/// matched.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && (context.endpointPath ?? "NotFound") == "NotFound" {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            let list = allowed.sorted().joined(separator: ", ")
            var response = Problem(status: .methodNotAllowed, detail: "\(request.method.rawValue) is not allowed on this route (allowed: \(list))").response()
            response.headers[.allow] = list
            return response
        }
    }
}

/// Path templates (`/api/v1/monitors/:id`) and the methods each answers.
struct RouteMethods: Sendable {
    private let templates: [(segments: [Substring], methods: Set<String>)]

    /// The routes a router serves.
    init(_ routes: [Router<APIRequestContext>.RouteDescription]) {
        var table: [String: Set<String>] = [:]
        for route in routes { table["\(route.path)", default: []].insert(route.method.rawValue) }
        templates = table.map { path, methods in (path.split(separator: "/"), methods) }
    }

    /// The methods of every template `path` matches; empty when it matches none.
    func methods(for path: String) -> Set<String> {
        let segments = path.split(separator: "/")
        var methods = Set<String>()
        for template in templates where template.segments.count == segments.count {
            let matches = zip(template.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix(":") || pattern == "*" || pattern == segment
            }
            if matches { methods.formUnion(template.methods) }
        }
        return methods
    }
}
