import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// Counts the servers as a location of the monitors that also run on agents
/// (`Monitor.serverIsOneOfItsLocations`): the scheduler announces each change of the servers'
/// state there as `monitor.location_changed` with location `server` (and keeps no state of the
/// monitor's own); this keeps it as the `server` location's state and recomputes the
/// monitor's state by quorum with its agents' (`LocationStatus`).
///
/// Only this server's own announcements are acted on (a monitor runs on one server at a
/// time), so servers sharing a store do not recompute one change twice.
struct ServerLocationFollower: Service {
    let store: any AgentStore
    let events: EventBus
    let logger: Logger
    let approvedAgents = ExpiringCache<TenantID, [Agent]>(lifetime: 2)

    func run() async throws {
        let changes = events.subscribe(EventFilter(topics: [MonitorLocationChanged.eventName]))
        await cancelWhenGracefulShutdown {
            for await event in changes where event.origin == nil {
                guard let change = event.payload(as: MonitorLocationChanged.self), change.location == MonitorLocations.server else { continue }
                do {
                    try await self.apply(change, tenant: event.tenantID, at: event.occurredAt)
                } catch {
                    self.logger.warning("could not count the servers' state in a monitor's quorum",
                                        metadata: ["monitor": "\(change.monitorID)", "error": "\(error)"])
                }
            }
        }
    }

    /// Keeps the servers' new status there and recomputes the monitor's state.
    func apply(_ change: MonitorLocationChanged, tenant: TenantID, at time: Date) async throws {
        guard let monitor = try await store.monitors.get(change.monitorID, tenant: tenant), monitor.serverIsOneOfItsLocations else { return }
        var state = try await store.agents.locationStates(of: monitor.id, tenant: tenant)[MonitorLocations.server] ?? .initial
        state.status = change.to
        state.lastChangedAt = time
        state.lastCheckedAt = time
        state.lastFailure = change.failure ?? (change.to == .up ? nil : state.lastFailure)
        try await store.agents.saveLocationStates([LocationState(tenantID: tenant, monitorID: monitor.id, location: MonitorLocations.server, state: state)])
        try await LocationStatus(store: store, agents: store.agents, events: events, approvedAgents: approvedAgents).update([monitor], tenant: tenant, now: time)
    }
}
