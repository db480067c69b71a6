/// What the scheduler keeps about one unpaused monitor between runs.
struct ScheduledMonitor {
    var monitor: Monitor
    var state: MonitorState
    var probe: Result<PreparedProbe, ProbeFailure>
    /// Invalidates queue entries made before the monitor was reinstalled or released.
    var generation: UInt64
    var running = false
    /// The last result, given to the next run as `ProbeRequest.previous`.
    var lastResult: ProbeResult?
    /// Whether the first run in this process looked for the last stored result, so that
    /// "once" events (a certificate entering its warning window, a changed answer) are
    /// not raised again after a restart.
    var storedResultLoaded = false
}
