import Prometheus

/// The text `/metrics` serves: the registry's series, each family with its `# HELP` line,
/// then the `process_*` series and `vantage_build_info`, so that `promtool check metrics`
/// accepts it and dashboards built for any exporter find what they expect.
///
/// Metrics are made through swift-metrics, which carries no help text, so the help of each
/// family is looked up here by name, in `MetricsExposition.help`.
public enum MetricsExposition {
    /// Help text by metric family. A family missing here is shown with `missingHelp`, which a
    /// test looks for, so a new metric cannot ship without a description.
    public static let help: [String: String] = [
        "vantage_alerts_raised_total": "Alerts the rules raised (committed with their deliveries), held-back ones included.",
        "vantage_alert_deliveries_total": "Alert delivery attempts by outcome: delivered, or failed_attempt (retried or given up).",
        "vantage_alert_delivery_seconds": "Time one alert delivery attempt took, receiver's answer included.",
        "vantage_alert_deliveries_pending": "Alert deliveries waiting to be sent or retried, in every tenant (read from the store each poll).",
        "vantage_stream_clients_dropped_total": "Live-stream clients closed with 4008 for falling more than stream.clientQueueFrames frames behind.",
        "vantage_agents_connected": "Agents connected to this server now, by status (pending, approved).",
        "vantage_agent_results_received_total": "Results stored from each agent (replays not counted).",
        "vantage_result_spool_depth": "Results (and state entries) waiting in the result spool for the store to come back.",
        "vantage_results_spooled_total": "Results moved to the result spool because the store failed to write them.",
        "vantage_results_replayed_total": "Results written from the result spool to the store once it answered again.",
        "vantage_checks_total": "Monitor checks run by the scheduler, by result status.",
        "vantage_check_timeouts_total": "Monitor checks abandoned at their deadline.",
        "vantage_checks_skipped_total": "Monitor runs skipped because the previous run of the monitor had not finished.",
        "vantage_scheduler_lag_seconds": "How late monitor runs started after their due time.",
        "vantage_monitors_scheduled": "Unpaused monitors the scheduler knows.",
        "vantage_monitors_leased": "Monitors this server holds leases on (several servers sharing a store).",
        "vantage_checks_in_flight": "Checks started and not yet finished, those waiting for the concurrency limit included.",
        "vantage_http_requests_total": "HTTP API requests by method, route pattern and status.",
        "vantage_http_request_duration_seconds": "HTTP API request durations by route pattern.",
    ]

    /// The help shown for a family `help` does not describe.
    public static let missingHelp = "Undocumented Vantage metric."

    /// The whole exposition.
    public static func render(_ registry: PrometheusCollectorRegistry) -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        var text = withHelp(String(decoding: buffer, as: UTF8.self))
        text += ProcessMetrics.current()?.exposition ?? ""
        text += """
            # HELP vantage_build_info A metric with a constant '1' value labelled by the version of Vantage and of the Swift compiler that built it.
            # TYPE vantage_build_info gauge
            vantage_build_info{version="\(BuildInfo.version)",swift="\(BuildInfo.swiftVersion)"} 1

            """
        return Array(text.utf8)
    }

    /// `text` with a `# HELP` line before each `# TYPE` line that has none.
    static func withHelp(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 1024)
        var previous: Substring = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), !previous.hasPrefix("# HELP ") {
                let name = line.dropFirst(7).split(separator: " ").first.map(String.init) ?? ""
                out += "# HELP \(name) \(help[name] ?? missingHelp)\n"
            }
            out += line
            out += "\n"
            previous = line
        }
        if out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// A sample value as Prometheus writes it.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
