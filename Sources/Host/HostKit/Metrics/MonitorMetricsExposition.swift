import Kernel

/// The per-monitor part of `/metrics`: the latest result of each monitor this server runs,
/// as blackbox_exporter (`probe_success`, `probe_duration_seconds`) and Uptime Kuma
/// (`monitor_status`, `monitor_response_time`) users graph them.
///
/// Every series carries the labels `tenant`, `monitor` (its id), `monitor_name` and `kind`.
/// Families: `vantage_monitor_up` (1 up or degraded, 0 down), `vantage_monitor_degraded`,
/// `vantage_monitor_latency_seconds`, and `vantage_probe_<plugin>_<metric>` for each metric
/// the monitor's probe declares (`Probe.metrics`). The number of series is bounded: at most
/// `monitorLimit` monitors are exported (the first by tenant and id), so a server exports at
/// most `monitorLimit × (3 + the most metrics any probe declares)` series;
/// `vantage_monitors_not_exported` counts the monitors left out.
enum MonitorMetricsExposition {
    /// The most monitors one server exports.
    static let monitorLimit = 10_000

    /// Help text of the families every monitor has.
    static let help: [String: String] = [
        "vantage_monitor_up": "Whether the monitor's last check found its target up or degraded (1) or down (0).",
        "vantage_monitor_degraded": "Whether the monitor's last check found its target degraded (1) or not (0).",
        "vantage_monitor_latency_seconds": "The latency the monitor's last check measured, in seconds.",
        "vantage_monitors_not_exported": "Monitors this server runs whose series are left out beyond the limit of 10000.",
    ]

    /// The exposition text for `latest` (of `total` monitors with a result; by default as
    /// many as given), with each monitor's probe found in `probes`.
    static func render(_ latest: [LatestResult], total: Int? = nil, probes: ProbeDirectory) -> String {
        let sorted = latest.map { (order: ExportOrder(tenant: $0.tenantID, monitor: $0.monitorID), entry: $0) }.sorted { $0.order < $1.order }
        let exported = sorted.prefix(monitorLimit).map { (tenant: $0.entry.tenantID.description, id: $0.entry.monitorID.description, entry: $0.entry) }
        var families: [String: (help: String, lines: [String])] = [:]
        func add(_ family: String, help: String, _ labels: String, _ value: Double) {
            families[family, default: (help, [])].lines.append("\(family){\(labels)} \(format(value))")
        }
        for (tenant, id, result) in exported {
            let labels = "tenant=\"\(tenant)\",monitor=\"\(id)\",monitor_name=\"\(escape(result.name))\",kind=\"\(escape(result.kind))\""
            add("vantage_monitor_up", help: help["vantage_monitor_up"]!, labels, result.status == .down ? 0 : 1)
            add("vantage_monitor_degraded", help: help["vantage_monitor_degraded"]!, labels, result.status == .degraded ? 1 : 0)
            if let latency = result.latency {
                add("vantage_monitor_latency_seconds", help: help["vantage_monitor_latency_seconds"]!, labels, latency)
            }
            guard let runner = probes.runner(for: result.kind) else { continue }
            for metric in runner.metrics where metric.hasValidName {
                guard let value = result.metric(metric.name), value.isFinite else { continue }
                add("vantage_probe_\(runner.pluginID.name)_\(metric.name)", help: metric.help, labels, value)
            }
        }
        var text = ""
        for family in families.keys.sorted() {
            let entry = families[family]!
            text += "# HELP \(family) \(entry.help)\n# TYPE \(family) gauge\n"
            text += entry.lines.joined(separator: "\n") + "\n"
        }
        text += "# HELP vantage_monitors_not_exported \(help["vantage_monitors_not_exported"]!)\n"
        text += "# TYPE vantage_monitors_not_exported gauge\nvantage_monitors_not_exported \((total ?? sorted.count) - exported.count)\n"
        return text
    }

    /// A label value escaped as the text format requires: backslash, double quote, newline.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            return value
        }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
