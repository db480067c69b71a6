import Foundation
import Logging

/// A monitor as the scheduling engine runs it: the monitor, its state, its prepared probe and
/// its last result (given to the next run as `ProbeRequest.previous`).
public struct MonitorJob: ScheduledJob {
    /// The monitor as scheduled.
    public private(set) var monitor: Monitor
    /// Its state, updated by each check.
    public private(set) var state: MonitorState
    /// The probe, prepared once when the monitor is installed (or why it cannot run).
    var probe: Result<PreparedProbe, ProbeFailure>
    /// The last result seen in this process.
    public private(set) var lastResult: ProbeResult?
    /// Whether the first run in this process looked for the last stored result, so that
    /// "once" events (a certificate entering its warning window, a changed answer) are not
    /// raised again after a restart or a lease handover.
    var storedResultLoaded: Bool
    /// Reads the last stored result of a monitor taken over or not seen by the start-up load.
    let results: (any ResultRepository)?
    let metrics: SchedulerMetrics
    let logger: Logger

    /// Creates a job; `probes` prepares the monitor's probe under `egress`.
    init(monitor: Monitor, state: MonitorState, probes: ProbeDirectory, egress: EgressPolicy, lastResult: ProbeResult?,
         storedResultLoaded: Bool, results: (any ResultRepository)?, metrics: SchedulerMetrics, logger: Logger) {
        self.monitor = monitor
        self.state = state
        self.lastResult = lastResult
        self.storedResultLoaded = storedResultLoaded
        self.results = results
        self.metrics = metrics
        // The monitor's id is added per run: a logger with metadata of its own per monitor
        // costs a few hundred bytes each, which a million monitors feel.
        self.logger = logger
        probe = Self.prepare(monitor, probes: probes, egress: egress)
    }

    static func prepare(_ monitor: Monitor, probes: ProbeDirectory, egress: EgressPolicy) -> Result<PreparedProbe, ProbeFailure> {
        do {
            return .success(try probes.prepare(kind: monitor.kind, target: monitor.target, timeout: monitor.timeout,
                                               config: monitor.config, egress: egress))
        } catch {
            return .failure(ProbeFailure(code: "probe_unavailable", message: "\(error)"))
        }
    }

    /// Prepares the probe again under a tenant's new egress policy.
    mutating func reprepare(probes: ProbeDirectory, egress: EgressPolicy) {
        probe = Self.prepare(monitor, probes: probes, egress: egress)
    }

    public var id: MonitorID { monitor.id }
    public var interval: Double { monitor.interval }
    public var phase: Double { SchedulePhase.phase(of: monitor) }
    public var nextRunAt: Date? {
        get { state.nextRunAt }
        set { state.nextRunAt = newValue }
    }
    public var lastRunAt: Date? { state.lastCheckedAt }

    public mutating func makeRun() -> JobRun<ProbeResult> {
        // Only a monitor taken over from another server, or one the load did not see, reads
        // its last result, within the concurrency limit.
        let loadStored = lastResult == nil && !storedResultLoaded
        storedResultLoaded = true
        let known = lastResult, probe = self.probe, monitor = self.monitor, results = self.results
        var runLogger = self.logger
        runLogger[metadataKey: "monitor"] = "\(monitor.id)"
        let logger = runLogger
        return JobRun(deadline: ProbeExecution.deadline(forTimeout: monitor.timeout)) {
            var previous = known
            if loadStored, let results {
                previous = try? await results.list(tenant: monitor.tenantID, scope: .monitor(monitor.id), from: nil, to: nil,
                                                   page: PageRequest(limit: 1)).items.first?.result
            }
            switch probe {
            case .success(let prepared):
                return await ProbeExecution.attempt(prepared, timeout: monitor.timeout, logger: logger, previous: previous)
            case .failure(let failure):
                return .down(failure)
            }
        } overrun: {
            .down(.timeout(after: monitor.timeout))
        }
    }

    public mutating func complete(_ result: ProbeResult, startedAt: Date, duration: Double) -> CheckCompletion {
        count(result)
        lastResult = result
        let change = MonitorStateMachine.apply(result, at: startedAt, to: &state, failureThreshold: monitor.failureThreshold,
                                               recoveryThreshold: monitor.recoveryThreshold)
        var caused: [Event] = []
        if let change {
            caused.append(Event(tenantID: monitor.tenantID,
                                MonitorStatusChanged(monitorID: monitor.id, from: change.from, to: change.to, failure: result.failure)))
        }
        for event in result.events {
            var payload = event.payload.objectValue ?? ["value": event.payload]
            payload["monitorID"] = .string("\(monitor.id)")
            caused.append(Event(tenantID: monitor.tenantID, name: event.name, json: .object(payload)))
        }
        return CheckCompletion(record: record(result, startedAt: startedAt, duration: duration),
                               state: MonitorStateUpdate(tenantID: monitor.tenantID, monitorID: monitor.id, state: state), events: caused)
    }

    public func completeRemoved(_ result: ProbeResult, startedAt: Date, duration: Double) -> CheckCompletion {
        count(result)
        return CheckCompletion(record: record(result, startedAt: startedAt, duration: duration), state: nil)
    }

    public func hasSameDefinition(as other: MonitorJob) -> Bool { monitor == other.monitor }

    public mutating func carryOver(from previous: MonitorJob) {
        state = previous.state
        lastResult = previous.lastResult
        storedResultLoaded = previous.storedResultLoaded
    }

    private func count(_ result: ProbeResult) {
        metrics.checks[result.status]?.increment()
        if result.failure?.code == "timeout" { metrics.timeouts.increment() }
    }

    private func record(_ result: ProbeResult, startedAt: Date, duration: Double) -> ResultRecord {
        ResultRecord(tenantID: monitor.tenantID, monitorID: monitor.id, kind: monitor.kind, target: monitor.target,
                     startedAt: startedAt, duration: duration, result: result)
    }
}
