import Foundation
import Kernel

/// Which monitors an agent runs: the unpaused monitors of its tenant whose locations name
/// its id or one of its labels, with the tenant's egress policy for their probes. Their
/// sealed secrets are opened with this server's key for the agent, which cannot open them
/// and seals them again with its own before keeping them (`AgentClient`).
struct AgentAssignments: Sendable {
    let store: any Store
    let probes: ProbeDirectory

    /// The monitors `agent` runs now, and the policy to prepare them under.
    func monitors(for agent: Agent) async throws -> (monitors: [Monitor], egress: EgressPolicy) {
        guard let tenant = agent.tenantID, agent.status == .approved else { return ([], .unrestricted) }
        var monitors: [Monitor] = []
        var page = PageRequest(limit: PageRequest.maximumLimit)
        repeat {
            let found = try await store.monitors.list(tenant: tenant, page: page)
            for var monitor in found.items where !monitor.paused && monitor.runs(on: agent) {
                monitor.config = probes.openSecrets(kind: monitor.kind, config: monitor.config)
                monitors.append(monitor)
            }
            page.cursor = found.nextCursor
        } while page.cursor != nil
        let egress = try await store.tenants.get(tenant)?.egress ?? .unrestricted
        return (monitors, egress)
    }
}
