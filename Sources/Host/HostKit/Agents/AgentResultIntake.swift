import CoreMetrics
import Foundation
import Kernel
import Logging

/// Stores the results an agent delivers: each batch in one transaction with the agent's
/// delivery cursor (`CheckBatch.deliveries`), so a batch replayed after a lost
/// acknowledgement is recognised and nothing is stored twice; then publishes what they
/// caused and answers with the sequence stored.
///
/// Results are taken for monitors of the agent's own tenant only, stamped with the agent's
/// id as their location. The monitor's state and status events follow the agent when the
/// agent is the monitor's only location (by id); otherwise its results are recorded beside
/// the other locations'.
struct AgentResultIntake: Sendable {
    let store: any Store
    let events: EventBus
    let metrics: any MetricsFactory
    let logger: Logger

    /// Stores `results` of `epoch` from `agent`; returns the sequence now stored up to.
    func store(_ results: [AgentResult], epoch: String, from agent: Agent, assigned: [MonitorID: Monitor]) async throws -> Int64 {
        guard let tenant = agent.tenantID, let last = results.map(\.sequence).max() else { return 0 }
        let origin = "agent:\(agent.id):\(epoch)"
        let delivered = try await store.checks.deliveredSequence(origin: origin)
        var records: [ResultRecord] = [], states: [MonitorID: MonitorStateUpdate] = [:], caused: [Event] = []
        var known = assigned
        for result in results.sorted(by: { $0.sequence < $1.sequence }) where result.sequence > delivered {
            guard let id = result.record.monitorID, let monitor = try await monitor(id, tenant: tenant, known: &known) else { continue }
            var record = result.record
            record.id = nil
            record.tenantID = tenant
            record.kind = monitor.kind
            record.target = monitor.target
            record.location = agent.id.description
            records.append(record)
            if monitor.locations == [agent.id.description] {
                if let state = result.state { states[id] = MonitorStateUpdate(tenantID: tenant, monitorID: id, state: state) }
                for var event in result.events ?? [] {
                    event.tenantID = tenant
                    caused.append(event)
                }
            }
        }
        try await store.checks.commit(CheckBatch(results: records, states: Array(states.values), events: caused,
                                                 deliveries: [DeliveryCursor(origin: origin, sequence: last)]))
        Counter(label: "vantage_agent_results_received_total", dimensions: [("agent", agent.id.description)], factory: metrics)
            .increment(by: records.count)
        for event in caused { events.publish(event) }
        if events.hasSubscribers(for: MonitorChecked.self) {
            for record in records {
                if let checked = MonitorChecked(record) { events.publish(Event(tenantID: tenant, checked)) }
            }
        }
        return last
    }

    /// The monitor of `tenant` with `id`, from the assignment or else the store (a result
    /// spooled before the assignment changed); nil when it no longer exists.
    private func monitor(_ id: MonitorID, tenant: TenantID, known: inout [MonitorID: Monitor]) async throws -> Monitor? {
        if let monitor = known[id] { return monitor }
        guard let monitor = try await store.monitors.get(id, tenant: tenant) else { return nil }
        known[id] = monitor
        return monitor
    }
}
