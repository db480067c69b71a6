import Foundation
import Kernel
import ServiceLifecycle

extension AgentGateway {
    /// Follows decisions about agents and changes to monitors until shutdown, acting on the
    /// connections held here: a revoked agent is cut off, an approved one completed, and
    /// each agent whose monitors may have changed gets its assignment again.
    public func run() async throws {
        let topics: Set<String> = [AgentApproved.eventName, AgentRevoked.eventName, AgentUpdated.eventName, MonitorCreated.eventName,
                      MonitorUpdated.eventName, MonitorDeleted.eventName, MonitorsImported.eventName, TenantUpdated.eventName]
        let followed = events.subscribe(EventFilter(topics: topics))
        await cancelWhenGracefulShutdown {
            for await event in followed { await self.act(on: event) }
        }
        // Shutdown: agents reconnect (to this server when it is back, or another).
        for connection in connections.withLock({ Array($0.values) }) {
            await connection.close(code: .goingAway, "the server is shutting down")
        }
    }

    private func act(on event: Event) async {
        if let id = event.payload(as: AgentApproved.self)?.agentID ?? event.payload(as: AgentRevoked.self)?.agentID
            ?? event.payload(as: AgentUpdated.self)?.agentID {
            guard let connection = connections.withLock({ $0[id] }) else { return }
            do {
                if let current = try await service.store.agents.get(id) {
                    await apply(current, to: connection)
                } else {
                    await connection.close(.revoked, "this agent no longer exists on the server")
                }
            } catch {
                logger.warning("could not read an agent after a decision", metadata: ["agent": "\(id)", "error": "\(error)"])
            }
            return
        }
        // A monitor or the tenant's policy changed: every approved agent of the tenant
        // connected here gets its whole assignment again.
        for connection in connections.withLock({ Array($0.values) }) where await connection.agent.tenantID == event.tenantID {
            if await connection.isApproved { await reassign(connection) }
        }
    }

    /// Sends an approved agent the monitors it runs now.
    func reassign(_ connection: AgentConnection) async {
        let agent = await connection.agent
        do {
            let (monitors, egress) = try await assignments.monitors(for: agent)
            await connection.assign(monitors, egress: egress)
        } catch {
            logger.warning("could not read an agent's monitors; it keeps its last assignment", metadata: ["agent": "\(agent.id)", "error": "\(error)"])
        }
    }
}
