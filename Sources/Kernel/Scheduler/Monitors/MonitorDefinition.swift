/// A monitor as written and its probe as prepared from it: what does not change between
/// runs. A class, so the engine's table holds one reference per monitor and copies of a job
/// (one per run) share it. It is also the monitor's labels in `LatestResults`.
final class MonitorDefinition: LatestResult.Labels, @unchecked Sendable {
    /// The probe, prepared once when the monitor is installed (or why it cannot run).
    let probe: Result<PreparedProbe, ProbeFailure>
    /// Whether the probe reads the previous result (`Probe.readsPreviousResult`).
    let readsPrevious: Bool
    /// What every job of the scheduler shares.
    let context: MonitorJobContext

    /// Prepares `monitor`'s probe under `egress`.
    init(_ monitor: Monitor, probes: ProbeDirectory, egress: EgressPolicy, context: MonitorJobContext) {
        self.context = context
        let runner = probes.runner(for: monitor.kind)
        readsPrevious = runner?.readsPreviousResult ?? false
        do {
            probe = .success(try probes.prepare(kind: monitor.kind, target: monitor.target, timeout: monitor.timeout,
                                                config: monitor.config, egress: egress, tenant: monitor.tenantID,
                                                monitor: MonitorReference(id: monitor.id, interval: monitor.interval)))
        } catch {
            probe = .failure(ProbeFailure(code: "probe_unavailable", message: "\(error)"))
        }
        super.init(monitor, metricNames: runner?.metricNames ?? [])
    }
}

/// A whole result kept by reference, for the probes that read the previous one.
final class KeptResult: Sendable {
    let result: ProbeResult
    init(_ result: ProbeResult) { self.result = result }
}
