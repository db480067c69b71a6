import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/monitors/{id}/locations`: where a monitor runs and how it is doing at each
/// place — the servers (when `locations` has `server`) and every approved agent its
/// locations name — with the overall status, the quorum that decides it, and each
/// location's 24-hour uptime. Each location's history and uptime are read from the
/// monitor's routes with `?location=`.
struct MonitorLocationRoutes: RouteGroup {
    let store: any AgentStore
    let tenants: TenantResolver

    func register(on router: Router<APIRequestContext>) {
        router.get("api/v1/monitors/:id/locations") { request, context in try await locations(request, context) }
    }

    private func locations(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let tenant = try await tenants.access(request, context, .read).tenant
        guard let text = context.parameters.get("id"), let id = MonitorID(text),
              let monitor = try await store.monitors.get(id, tenant: tenant) else {
            throw Problem.notFound("monitor")
        }
        let overall = try await store.monitors.state(of: monitor.id, tenant: tenant)
        let since = Date().addingTimeInterval(-86_400)
        var views: [LocationView] = []
        let states = try await store.agents.locationStates(of: monitor.id, tenant: tenant)
        if monitor.runsOnServer {
            let uptime = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: .server, since: since)
            // One of several locations: the servers' own state; the only one: the monitor's.
            let state = monitor.serverIsOneOfItsLocations ? states[MonitorLocations.server] : overall
            views.append(LocationView(location: MonitorLocations.server, name: nil, state: state, uptime24h: UptimeView(uptime)))
        }
        let agents = try await store.agents.approved(in: tenant).filter { monitor.runs(on: $0) }
        if !agents.isEmpty {
            for agent in agents {
                let location = agent.id.description
                let uptime = try await store.results.uptime(tenant: tenant, monitor: monitor.id, location: .agent(location), since: since)
                views.append(LocationView(location: location, name: agent.name, state: states[location], uptime24h: UptimeView(uptime)))
            }
        }
        let counted = agents.count + (monitor.serverIsOneOfItsLocations ? 1 : 0)
        let quorum = monitor.serverIsOneOfItsLocations || !agents.isEmpty ? LocationQuorum.needed(of: counted, quorum: monitor.locationQuorum) : nil
        return try APIEncoding.response(MonitorLocationsView(monitor: monitor.id, status: monitor.paused ? .paused : (overall?.status ?? .pending),
                                                             downWhen: quorum, locations: views))
    }
}

/// A monitor's locations, as `GET /api/v1/monitors/{id}/locations` shows them.
struct MonitorLocationsView: Encodable {
    var monitor: MonitorID
    /// The overall status.
    var status: MonitorStatus
    /// How many locations must be down for the monitor to be down (nil: it runs on the
    /// servers only).
    var downWhen: Int?
    var locations: [LocationView]
}

/// One location of a monitor.
struct LocationView: Encodable {
    /// `server` or the agent's id.
    var location: String
    /// The agent's name.
    var name: String?
    var status: MonitorStatus
    var lastCheckedAt: Date?
    var lastChangedAt: Date?
    var lastFailure: ProbeFailure?
    var uptime24h: UptimeView

    init(location: String, name: String?, state: MonitorState?, uptime24h: UptimeView) {
        self.location = location
        self.name = name
        status = state?.status ?? .pending
        lastCheckedAt = state?.lastCheckedAt
        lastChangedAt = state?.lastChangedAt
        lastFailure = state?.lastFailure
        self.uptime24h = uptime24h
    }
}
