import Foundation
import Logging

/// A monitor as the scheduling engine runs it: its definition and prepared probe (shared),
/// its state, and for probes that read it its last result (given to the next run as
/// `ProbeRequest.previous`). Each check's result also goes to `LatestResults` for `/metrics`.
public struct MonitorJob: ScheduledJob {
    /// The monitor and its prepared probe.
    private(set) var definition: MonitorDefinition
    /// Its state, updated by each check, kept compactly (the table holds one per monitor).
    private var compactState: CompactMonitorState
    /// Its state.
    public var state: MonitorState { compactState.state }
    /// The last result seen in this process; kept only when the probe reads it.
    private var previous: KeptResult?
    /// Whether the first run in this process looked for the last stored result, so that
    /// "once" events (a certificate entering its warning window, a changed answer) are not
    /// raised again after a restart or a lease handover.
    var storedResultLoaded: Bool

    /// Creates a job from its definition; `lastResult` is the last stored result, if known.
    init(_ definition: MonitorDefinition, state: MonitorState, lastResult: ProbeResult?, storedResultLoaded: Bool) {
        self.definition = definition
        compactState = CompactMonitorState(state)
        self.storedResultLoaded = storedResultLoaded
        if definition.readsPrevious, let lastResult { previous = KeptResult(lastResult) }
    }

    /// The monitor as scheduled.
    public var monitor: Monitor { definition.monitor }
    /// The last result this job keeps for its next run (only for probes that read it).
    public var lastResult: ProbeResult? { previous?.result }

    /// The same job with its probe prepared again (under a tenant's new egress policy).
    func reprepared(probes: ProbeDirectory, egress: EgressPolicy) -> MonitorJob {
        var job = self
        job.definition = MonitorDefinition(monitor, probes: probes, egress: egress, context: definition.context)
        return job
    }

    public var id: MonitorID { monitor.id }
    public var interval: Double { monitor.interval }
    public var phase: Double { SchedulePhase.phase(of: monitor) }
    public var nextRunAt: Date? {
        get { compactState.nextRun }
        set { compactState.nextRun = newValue }
    }
    public var lastRunAt: Date? { compactState.lastChecked }

    public mutating func makeRun() -> JobRun<ProbeResult> {
        // Only a probe that reads it, on a monitor taken over from another server or not seen
        // by the load, reads its last stored result, within the concurrency limit.
        let loadStored = definition.readsPrevious && previous == nil && !storedResultLoaded
        storedResultLoaded = true
        let known = previous?.result, definition = self.definition
        return JobRun(deadline: ProbeExecution.deadline(forTimeout: definition.monitor.timeout)) {
            let monitor = definition.monitor
            var previous = known
            if loadStored, let results = definition.context.results {
                previous = try? await results.list(tenant: monitor.tenantID, scope: .monitor(monitor.id), from: nil, to: nil,
                                                   page: PageRequest(limit: 1)).items.first?.result
            }
            switch definition.probe {
            case .success(let prepared):
                var logger = definition.context.logger
                logger[metadataKey: "monitor"] = "\(monitor.id)"
                return await ProbeExecution.attempt(prepared, timeout: monitor.timeout, logger: logger, previous: previous)
            case .failure(let failure):
                return .down(failure)
            }
        } overrun: {
            .down(.timeout(after: definition.monitor.timeout))
        }
    }

    public mutating func complete(_ result: ProbeResult, startedAt: Date, duration: Double) -> CheckCompletion {
        if result.isPending {
            // Nothing to judge yet: the state stays, nothing is stored or exported.
            return CheckCompletion(record: record(result, startedAt: startedAt, duration: duration), state: nil)
        }
        count(result)
        let monitor = self.monitor
        if definition.readsPrevious { previous = KeptResult(result) }
        definition.context.latest.record(LatestResult(labels: definition, result: result))
        var state = compactState.state
        let change = MonitorStateMachine.apply(result, at: startedAt, to: &state, failureThreshold: monitor.failureThreshold,
                                               recoveryThreshold: monitor.recoveryThreshold)
        compactState.store(state)
        var caused: [Event] = []
        let asLocation = definition.context.serverIsALocation && monitor.serverIsOneOfItsLocations
        if let change, asLocation {
            // The monitor's own state follows the quorum of its locations, kept by the host.
            caused.append(Event(tenantID: monitor.tenantID, MonitorLocationChanged(monitorID: monitor.id, location: MonitorLocations.server,
                                                                                   from: change.from, to: change.to, failure: result.failure)))
        } else if let change {
            caused.append(Event(tenantID: monitor.tenantID,
                                MonitorStatusChanged(monitorID: monitor.id, from: change.from, to: change.to, failure: result.failure)))
        }
        for event in result.events {
            var payload = event.payload.objectValue ?? ["value": event.payload]
            payload["monitorID"] = .string("\(monitor.id)")
            caused.append(Event(tenantID: monitor.tenantID, name: event.name, json: .object(payload)))
        }
        return CheckCompletion(record: record(result, startedAt: startedAt, duration: duration),
                               state: asLocation ? nil : MonitorStateUpdate(tenantID: monitor.tenantID, monitorID: monitor.id, state: state),
                               events: caused)
    }

    public func completeRemoved(_ result: ProbeResult, startedAt: Date, duration: Double) -> CheckCompletion {
        count(result)
        return CheckCompletion(record: record(result, startedAt: startedAt, duration: duration), state: nil)
    }

    public func hasSameDefinition(as other: MonitorJob) -> Bool { monitor == other.monitor }

    public mutating func carryOver(from previous: MonitorJob) {
        compactState = previous.compactState
        self.previous = previous.previous
        storedResultLoaded = previous.storedResultLoaded
    }

    public func retire() { definition.context.latest.remove(monitor.id) }

    private func count(_ result: ProbeResult) {
        definition.context.metrics.checks[result.status]?.increment()
        if result.failure?.code == "timeout" { definition.context.metrics.timeouts.increment() }
    }

    private func record(_ result: ProbeResult, startedAt: Date, duration: Double) -> ResultRecord {
        ResultRecord(tenantID: monitor.tenantID, monitorID: monitor.id, kind: monitor.kind, target: monitor.target,
                     startedAt: startedAt, duration: duration, result: result,
                     maintenance: definition.context.maintenance.window(covering: monitor, at: startedAt) != nil)
    }
}
