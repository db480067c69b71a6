import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/dashboard/summary` and `GET /api/v1/dashboard/timeline` (`?types=` a
/// comma-separated subset of the timeline's event types, `?before=` a time, and pages).
struct DashboardRoutes: RouteGroup {
    let service: DashboardService
    let tenants: TenantResolver

    func register(on router: Router<APIRequestContext>) {
        let group = router.group("api/v1/dashboard")
        group.get("summary") { request, context in
            let tenant = try await tenants.access(request, context, .read).tenant
            return try APIEncoding.response(try await service.summary(tenant: tenant))
        }
        group.get("timeline") { request, context in
            let tenant = try await tenants.access(request, context, .read).tenant
            var types = TimelineEvents.all
            if let text = request.uri.queryParameters.get("types"), !text.isEmpty {
                types = Set(text.split(separator: ",").map(String.init))
                if let unknown = types.subtracting(TimelineEvents.all).sorted().first {
                    throw ValidationError(field: "types", "unknown event type '\(unknown)'", allowedValues: TimelineEvents.all.sorted())
                }
            }
            let page = try await service.timeline(tenant: tenant, types: types, before: try RequestDecoding.date(request, "before"),
                                                  page: try RequestDecoding.page(request))
            return try APIEncoding.response(page)
        }
    }
}
