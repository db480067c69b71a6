import Foundation
import Kernel
import KernelTesting
import Testing

/// `vantage store migrate` keeps agents working: their records, each location's state of a
/// monitor, and the delivery cursors, without which an agent's replay after the migration
/// would be stored a second time.
@Suite("store copy of agents")
struct AgentStoreCopyTests {
    @Test func agentsLocationStatesAndDeliveryCursorsAreCopied() async throws {
        let source = InMemoryHostStore()
        let tenant = try await Fixtures.tenant(in: source)
        let monitor = Fixtures.monitor(tenant: tenant)
        try await source.monitors.create(monitor, tenant: tenant)
        let agent = Agent(id: .random(), name: "edge-1", version: "0.19.0", address: "198.51.100.7", plugins: ["tcp"],
                          enrolledAt: Date(timeIntervalSince1970: 1_700_000_000))
        try await source.agents.create(agent)
        let state = LocationState(tenantID: tenant, monitorID: monitor.id, location: agent.id.description,
                                  state: MonitorState(status: .down, consecutiveFailures: 3))
        try await source.agents.saveLocationStates([state])
        var record = Fixtures.record(tenant: tenant, monitor: monitor.id, at: 1)
        record.location = agent.id.description
        let cursor = DeliveryCursor(origin: "agent:\(agent.id):epoch-1", sequence: 41)
        try await source.checks.commit(CheckBatch(results: [record], deliveries: [cursor]))

        let target = InMemoryHostStore()
        let report = try await StoreCopier(from: source, to: target).copy(overwrite: false)
        #expect(report["delivery cursors"] == 1 && report["agents"] == 1 && report["location states"] == 1, "\(report)")
        #expect(try await target.checks.deliveredSequence(origin: cursor.origin) == 41, "a replay of sequences up to 41 is recognised")
        #expect(try await target.agents.get(agent.id)?.name == "edge-1")
        #expect(try await target.agents.locationStates(of: monitor.id, tenant: tenant) == [agent.id.description: state.state])
    }
}
