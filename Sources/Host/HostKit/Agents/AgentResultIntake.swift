import CoreMetrics
import Foundation
import Kernel
import Logging

/// Stores the results an agent delivers: each batch in one transaction with the agent's
/// delivery cursor (`CheckBatch.deliveries`), so a batch replayed after a lost
/// acknowledgement is recognised and nothing is stored twice; then publishes what they
/// caused and answers with the sequence stored. The batches of many agents arriving together
/// share one transaction (`GroupCommit`), each agent answered once it is written.
///
/// Results are taken for monitors of the agent's own tenant only, stamped with the agent's
/// id as their location. For a monitor that runs on agents only, each agent's state is kept
/// as its location's state (its status changes announced as `monitor.location_changed`),
/// and the monitor's own state follows its locations by quorum (`LocationQuorum`): down
/// when at least N of its M locations are down, the servers being one of them when the
/// monitor runs there too (their changes are followed by `ServerLocationFollower`).
struct AgentResultIntake: Sendable {
    let store: any Store
    let events: EventBus
    let metrics: any MetricsFactory
    let logger: Logger
    /// The server's enrichers: agents run without GeoIP databases, so the responders of their
    /// route hops are annotated here, as the server's own are.
    let enrichment: AddressEnrichment
    private let writer: GroupCommit<CheckBatch>
    private let locationWriter: GroupCommit<[LocationState]>?
    /// Each tenant's approved agents for the quorum, kept two seconds.
    let approvedAgents = ExpiringCache<TenantID, [Agent]>(lifetime: 2)
    /// The status last seen at each location of each monitor: the quorum is recomputed only
    /// when one changes (or is not known in this process yet, or the monitor's quorum or
    /// locations changed), not on every batch. An agent approved or revoked meanwhile
    /// counts at the next change.
    let locationStatuses = ExpiringCache<String, MonitorStatus>(lifetime: 3600, capacity: 1_000_000)

    init(store: any Store, events: EventBus, metrics: any MetricsFactory, logger: Logger, enrichment: AddressEnrichment = AddressEnrichment([])) {
        self.enrichment = enrichment
        self.store = store
        self.events = events
        self.metrics = metrics
        self.logger = logger
        writer = GroupCommit(maximumBatch: 500) { batches in try await store.checks.commit(Self.merged(batches)) }
        locationWriter = (store as? any AgentStore).map { agentStore in
            GroupCommit(maximumBatch: 500) { groups in try await agentStore.agents.saveLocationStates(groups.flatMap { $0 }) }
        }
    }

    /// Several batches as one.
    static func merged(_ batches: [CheckBatch]) -> CheckBatch {
        guard batches.count > 1 else { return batches.first ?? CheckBatch() }
        var merged = CheckBatch()
        for batch in batches {
            merged.results += batch.results
            merged.states += batch.states
            merged.events += batch.events
            merged.deliveries += batch.deliveries
        }
        return merged
    }

    /// Stores `results` of `epoch` from `agent`; returns the sequence now stored up to.
    func store(_ results: [AgentResult], epoch: String, from agent: Agent, assigned: [MonitorID: Monitor]) async throws -> Int64 {
        guard let tenant = agent.tenantID, let last = results.map(\.sequence).max() else { return 0 }
        let origin = "agent:\(agent.id):\(epoch)"
        let delivered = try await store.checks.deliveredSequence(origin: origin)
        var records: [ResultRecord] = [], locations: [MonitorID: LocationState] = [:], caused: [Event] = []
        var known = assigned
        for result in results.sorted(by: { $0.sequence < $1.sequence }) where result.sequence > delivered {
            guard let id = result.record.monitorID, let monitor = try await monitor(id, tenant: tenant, known: &known) else { continue }
            var record = result.record
            record.id = nil
            record.tenantID = tenant
            record.kind = monitor.kind
            record.target = monitor.target
            record.location = agent.id.description
            record.result = await enrichment.enrich(record.result)
            records.append(record)
            if let state = result.state {
                locations[id] = LocationState(tenantID: tenant, monitorID: id, location: agent.id.description, state: state)
            }
            for event in result.events ?? [] {
                if let change = event.payload(as: MonitorStatusChanged.self) {
                    caused.append(Event(tenantID: tenant, MonitorLocationChanged(monitorID: id, location: agent.id.description, from: change.from,
                                                                                 to: change.to, failure: change.failure)))
                } else {
                    var event = event
                    event.tenantID = tenant
                    caused.append(event)
                }
            }
        }
        try await writer.submit(CheckBatch(results: records, events: caused, deliveries: [DeliveryCursor(origin: origin, sequence: last)]))
        Counter(label: "vantage_agent_results_received_total", dimensions: [("agent", agent.id.description)], factory: metrics)
            .increment(by: records.count)
        for event in caused { events.publish(event) }
        if events.hasSubscribers(for: MonitorChecked.self) {
            for record in records {
                if let checked = MonitorChecked(record) { events.publish(Event(tenantID: tenant, checked)) }
            }
        }
        if !locations.isEmpty, let agentStore = store as? any AgentStore, let locationWriter {
            try await locationWriter.submit(Array(locations.values))
            let changed = locations.values.filter { location in
                // The monitor's quorum and locations are part of the key: changing them
                // recomputes its state at the next result.
                let monitor = known[location.monitorID]
                let key = "\(location.monitorID)|\(location.location)|\(monitor?.locationQuorum ?? 0)|\(monitor?.locations ?? [])"
                defer { locationStatuses.store(location.state.status, for: key) }
                return locationStatuses.value(for: key) != location.state.status
            }
            try await LocationStatus(store: store, agents: agentStore.agents, events: events, approvedAgents: approvedAgents)
                .update(changed.compactMap { known[$0.monitorID] }, tenant: tenant)
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
