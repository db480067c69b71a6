/// A monitor as written and its probe as prepared from it: what does not change between
/// runs. A class, so the engine's table holds one reference per monitor and copies of a job
/// (one per run) share it.
final class MonitorDefinition: Sendable {
    /// The monitor as scheduled.
    let monitor: Monitor
    /// The probe, prepared once when the monitor is installed (or why it cannot run).
    let probe: Result<PreparedProbe, ProbeFailure>
    /// Whether the probe reads the previous result (`Probe.readsPreviousResult`).
    let readsPrevious: Bool
    /// What every job of the scheduler shares.
    let context: MonitorJobContext
    /// The monitor's labels on `/metrics`, shared by each of its latest results.
    let labels: LatestResult.Labels

    /// Prepares `monitor`'s probe under `egress`.
    init(_ monitor: Monitor, probes: ProbeDirectory, egress: EgressPolicy, context: MonitorJobContext) {
        self.monitor = monitor
        self.context = context
        let runner = probes.runner(for: monitor.kind)
        readsPrevious = runner?.readsPreviousResult ?? false
        labels = LatestResult.Labels(monitor, metricNames: runner?.metrics.map(\.name) ?? [])
        do {
            probe = .success(try probes.prepare(kind: monitor.kind, target: monitor.target, timeout: monitor.timeout,
                                                config: monitor.config, egress: egress))
        } catch {
            probe = .failure(ProbeFailure(code: "probe_unavailable", message: "\(error)"))
        }
    }
}

/// A whole result kept by reference, for the probes that read the previous one.
final class KeptResult: Sendable {
    let result: ProbeResult
    init(_ result: ProbeResult) { self.result = result }
}
