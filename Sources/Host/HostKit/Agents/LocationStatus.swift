import Foundation
import Kernel

/// A monitor's own state from its locations' states: down when at least N of its M locations
/// are down (`LocationQuorum`), where M are the servers (when `server` is one of several
/// locations) and the approved agents its locations name (by id or label) now; a location
/// that has not reported yet counts as pending. A change is
/// stored with its `monitor.status_changed` event in one transaction, then published.
struct LocationStatus: Sendable {
    let store: any Store
    let agents: any AgentRepository
    let events: EventBus
    /// Each tenant's approved agents, read at most every few seconds (every batch of every
    /// agent asks).
    let approvedAgents: ExpiringCache<TenantID, [Agent]>

    /// Recomputes the state of `monitors` (all of `tenant`).
    func update(_ monitors: [Monitor], tenant: TenantID, now: Date = Date()) async throws {
        guard !monitors.isEmpty else { return }
        let approved = try await self.approved(in: tenant)
        var states: [MonitorStateUpdate] = [], changes: [Event] = []
        for monitor in monitors {
            let located = (monitor.serverIsOneOfItsLocations ? [MonitorLocations.server] : [])
                + approved.filter { monitor.runs(on: $0) }.map(\.id.description)
            let known = try await agents.locationStates(of: monitor.id, tenant: tenant)
            let here = located.map { known[$0] ?? .initial }
            let status = LocationQuorum.status(of: here.map(\.status), quorum: monitor.locationQuorum)
            var state = try await store.monitors.state(of: monitor.id, tenant: tenant) ?? .initial
            let before = state.status
            state.lastCheckedAt = here.compactMap(\.lastCheckedAt).max() ?? state.lastCheckedAt
            if status != before {
                state.status = status
                state.lastChangedAt = now
                let failure = here.first { $0.status == .down || $0.status == .degraded }?.lastFailure
                state.lastFailure = failure
                changes.append(Event(tenantID: tenant, MonitorStatusChanged(monitorID: monitor.id, from: before, to: status, failure: failure)))
            }
            states.append(MonitorStateUpdate(tenantID: tenant, monitorID: monitor.id, state: state))
        }
        try await store.checks.commit(CheckBatch(states: states, events: changes))
        for event in changes { events.publish(event) }
    }

    private func approved(in tenant: TenantID) async throws -> [Agent] {
        if let cached = approvedAgents.value(for: tenant) { return cached }
        let approved = try await agents.approved(in: tenant)
        approvedAgents.store(approved, for: tenant)
        return approved
    }
}
