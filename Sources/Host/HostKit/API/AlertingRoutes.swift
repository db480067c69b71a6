import Foundation
import Hummingbird
import Kernel

/// `/api/v1/notifications/channels` (CRUD, test, toggle), `/api/v1/notifications/history`,
/// `/api/v1/alert-rules` and `/api/v1/maintenance` (CRUD, toggle). Changes go through
/// `AlertingService`; this group only speaks HTTP.
struct AlertingRoutes: RouteGroup {
    let alerting: AlertingService
    let tenants: TenantResolver
    let decoding: RequestDecoding

    func register(on router: Router<APIRequestContext>) {
        let channels = router.group("api/v1/notifications/channels")
        channels.get { request, context in try await list(NotificationChannelRecord.self, request, context) { channelView($0) } }
        channels.post { request, context in try await createChannel(request, context) }
        channels.get(":id") { request, context in try channelView(try await lookup(NotificationChannelRecord.self, request, context).1).response() }
        channels.put(":id") { request, context in try await replaceChannel(request, context, merge: false) }
        channels.patch(":id") { request, context in try await replaceChannel(request, context, merge: true) }
        channels.delete(":id") { request, context in try await delete(NotificationChannelRecord.self, request, context) }
        channels.post(":id/test") { request, context in try await testChannel(request, context) }
        channels.post(":id/toggle") { request, context in
            let channel = try await toggle(NotificationChannelRecord.self, request, context) { $0.enabled.toggle() }
            return try channelView(channel).response()
        }
        router.get("api/v1/notifications/history") { request, context in try await history(request, context) }

        let rules = router.group("api/v1/alert-rules")
        rules.get { request, context in try await list(AlertRule.self, request, context) { $0 } }
        rules.post { request, context in
            let tenant = try await tenants.access(request, context, .write).tenant
            let rule = try await alerting.rule(try await decoding.decode(AlertRuleInput.self, from: request), tenant: tenant, existing: nil)
            return try created(try await alerting.save(rule, creating: true), at: "/api/v1/alert-rules/\(rule.id)")
        }
        rules.get(":id") { request, context in try APIEncoding.response(try await lookup(AlertRule.self, request, context).1) }
        rules.put(":id") { request, context in try await replaceRule(request, context, merge: false) }
        rules.patch(":id") { request, context in try await replaceRule(request, context, merge: true) }
        rules.delete(":id") { request, context in try await delete(AlertRule.self, request, context) }
        rules.post(":id/toggle") { request, context in
            try APIEncoding.response(try await toggle(AlertRule.self, request, context) { $0.enabled.toggle() })
        }

        let windows = router.group("api/v1/maintenance")
        windows.get { request, context in try await list(MaintenanceWindow.self, request, context) { Self.view($0) } }
        windows.post { request, context in
            let tenant = try await tenants.access(request, context, .write).tenant
            let window = try alerting.window(try await decoding.decode(MaintenanceInput.self, from: request), tenant: tenant, existing: nil)
            return try created(Self.view(try await alerting.save(window, creating: true)), at: "/api/v1/maintenance/\(window.id)")
        }
        windows.get(":id") { request, context in try APIEncoding.response(Self.view(try await lookup(MaintenanceWindow.self, request, context).1)) }
        windows.put(":id") { request, context in try await replaceWindow(request, context, merge: false) }
        windows.patch(":id") { request, context in try await replaceWindow(request, context, merge: true) }
        windows.delete(":id") { request, context in try await delete(MaintenanceWindow.self, request, context) }
        windows.post(":id/toggle") { request, context in
            try APIEncoding.response(Self.view(try await toggle(MaintenanceWindow.self, request, context) { $0.enabled.toggle() }))
        }
    }

    // MARK: Shared

    /// The record named by `:id` in the caller's tenant, or a 404 problem.
    private func lookup<Record: AlertConfigRecord>(_ type: Record.Type, _ request: Request, _ context: APIRequestContext,
                                                   _ permission: Access.Permission = .read) async throws -> (TenantID, Record) {
        let tenant = try await tenants.access(request, context, permission).tenant
        guard let text = context.parameters.get("id"), let id = Identifier<Record>(text), let record = try await alerting.get(Record.self, id, tenant: tenant) else {
            throw Problem.notFound(Record.entityName)
        }
        return (tenant, record)
    }

    private func list<Record: AlertConfigRecord, View: Encodable & Sendable>(_ type: Record.Type, _ request: Request, _ context: APIRequestContext,
                                                                  view: (Record) -> View) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        let page = try await alerting.list(Record.self, tenant: tenant, page: try RequestDecoding.page(request))
        return try APIEncoding.response(Page(items: page.items.map(view), nextCursor: page.nextCursor))
    }

    private func delete<Record: AlertConfigRecord>(_ type: Record.Type, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (tenant, record) = try await lookup(Record.self, request, context, .write)
        guard try await alerting.delete(Record.self, record.id, tenant: tenant) else { throw Problem.notFound(Record.entityName) }
        return Response(status: .noContent)
    }

    private func toggle<Record: AlertConfigRecord>(_ type: Record.Type, _ request: Request, _ context: APIRequestContext,
                                                   change: (inout Record) -> Void) async throws -> Record {
        var record = try await lookup(Record.self, request, context, .write).1
        change(&record)
        return try await alerting.save(record, creating: false)
    }

    private func created(_ value: some Encodable, at location: String) throws -> Response {
        var response = try APIEncoding.response(value, status: .created)
        response.headers[.location] = location
        return response
    }

    private static func view(_ window: MaintenanceWindow) -> MaintenanceView { MaintenanceView(window: window, activeNow: window.enabled && window.schedule.isActive(at: Date())) }

    private func channelView(_ channel: NotificationChannelRecord) -> ChannelView { ChannelView(channel, settings: alerting.redacted(channel)) }

    // MARK: Channels

    private func createChannel(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .write).tenant
        let channel = try alerting.channel(try await decoding.decode(ChannelInput.self, from: request), tenant: tenant, existing: nil)
        return try created(channelView(try await alerting.save(channel, creating: true)), at: "/api/v1/notifications/channels/\(channel.id)")
    }

    private func replaceChannel(_ request: Request, _ context: APIRequestContext, merge: Bool) async throws -> Response {
        let (tenant, existing) = try await lookup(NotificationChannelRecord.self, request, context, .write)
        let body = try await decoding.json(request)
        let input = merge
            ? try RequestDecoding.decode(ChannelInput.self, from: try JSONValue(encoding: ChannelInput(existing, settings: alerting.redacted(existing))).merged(with: body))
            : try RequestDecoding.decode(ChannelInput.self, from: body)
        return try channelView(try await alerting.save(try alerting.channel(input, tenant: tenant, existing: existing), creating: false)).response()
    }

    private func testChannel(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (_, channel) = try await lookup(NotificationChannelRecord.self, request, context, .write)
        let delivery = await alerting.test(channel)
        let attempt = delivery.attempts.first
        return try APIEncoding.response(ChannelTestView(delivered: attempt?.delivered ?? false, status: attempt?.status, detail: attempt?.detail,
                                                        duration: attempt?.duration ?? 0, alertID: delivery.alertID))
    }

    private func history(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        var monitor: MonitorID?
        if let text = request.uri.queryParameters.get("monitor") {
            guard let id = MonitorID(text) else { throw Problem.validation(ValidationError(field: "monitor", "must be a monitor id (a UUID)")) }
            monitor = id
        }
        return try APIEncoding.response(try await alerting.history(tenant: tenant, monitor: monitor, page: try RequestDecoding.page(request)))
    }

    // MARK: Rules and windows

    private func replaceRule(_ request: Request, _ context: APIRequestContext, merge: Bool) async throws -> Response {
        let (tenant, existing) = try await lookup(AlertRule.self, request, context, .write)
        let body = try await decoding.json(request)
        let input = merge
            ? try RequestDecoding.decode(AlertRuleInput.self, from: try JSONValue(encoding: AlertRuleInput(existing)).merged(with: body))
            : try RequestDecoding.decode(AlertRuleInput.self, from: body)
        return try APIEncoding.response(try await alerting.save(try await alerting.rule(input, tenant: tenant, existing: existing), creating: false))
    }

    private func replaceWindow(_ request: Request, _ context: APIRequestContext, merge: Bool) async throws -> Response {
        let (tenant, existing) = try await lookup(MaintenanceWindow.self, request, context, .write)
        let body = try await decoding.json(request)
        let input = merge
            ? try RequestDecoding.decode(MaintenanceInput.self, from: try JSONValue(encoding: MaintenanceInput(existing)).merged(with: body))
            : try RequestDecoding.decode(MaintenanceInput.self, from: body)
        return try APIEncoding.response(Self.view(try await alerting.save(try alerting.window(input, tenant: tenant, existing: existing), creating: false)))
    }
}

extension ChannelView {
    func response() throws -> Response { try APIEncoding.response(self) }
}
