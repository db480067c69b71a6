import Foundation
import Kernel

/// A collector reading as text: the host line and CPU as `vmstat` shows them, memory as
/// `free -h`, filesystems as `df -h`, disks and interfaces with their rates, then the busiest
/// processes as `top`. Built from the samples and details alone, so it prints any collector
/// that uses the same names (see collector.procfs's README).
struct CollectReport {
    let reading: CollectorReading
    let top: Int

    init(_ reading: CollectorReading, top: Int) {
        self.reading = reading
        self.top = top
    }

    var text: String {
        var lines: [String] = []
        let details = reading.details.objectValue ?? [:]
        let system = details["system"]?.objectValue ?? [:]
        var header = system["hostname"]?.stringValue ?? "host"
        var facts: [String] = []
        if let os = system["os"]?.stringValue { facts.append(os) }
        if let kernel = system["kernel"]?.stringValue { facts.append("kernel \(kernel)") }
        if let cpus = system["logicalCPUs"]?.numberValue { facts.append("\(Int(cpus)) CPUs" + (system["cpuModel"]?.stringValue.map { " (\($0))" } ?? "")) }
        if !facts.isEmpty { header += ": " + facts.joined(separator: ", ") }
        if let uptime = value("uptime_seconds") { header += ", up \(Self.duration(uptime))" }
        lines.append(header)
        if let one = value("load_1m"), let five = value("load_5m"), let fifteen = value("load_15m") {
            var load = String(format: "load average: %.2f, %.2f, %.2f", one, five, fifteen)
            if let running = value("processes_running") { load += "   procs: \(Int(running)) running" }
            if let blocked = value("processes_blocked") { load += ", \(Int(blocked)) blocked" }
            if let total = value("processes_total") { load += ", \(Int(total)) total" }
            lines.append(load)
        }
        let over = details["interval"]?.numberValue.map { String(format: "over %.1f s", $0) } ?? "since boot"
        if let busy = value("cpu_busy_percent") {
            let modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"].compactMap { mode in
                value("cpu_mode_percent", ["mode": mode]).map { String(format: "%@ %.1f", mode, $0) }
            }
            lines.append(String(format: "cpu: %.1f%% busy (%@)  ", busy, over) + modes.joined(separator: "  "))
        }
        lines.append("")
        lines += memoryTable()
        lines += table(["Filesystem", "Size", "Used", "Avail", "Use%"], label: "mount", rows: [
            ("filesystem_size_bytes", Self.bytes), ("filesystem_used_bytes", Self.bytes), ("filesystem_available_bytes", Self.bytes),
            ("filesystem_used_percent", { String(format: "%.0f%%", $0) }),
        ])
        lines += table(["Disk", "reads/s", "writes/s", "read/s", "written/s", "busy%"], label: "device", rows: [
            ("disk_reads_per_second", Self.rate), ("disk_writes_per_second", Self.rate), ("disk_read_bytes_per_second", Self.bytes),
            ("disk_written_bytes_per_second", Self.bytes), ("disk_busy_percent", { String(format: "%.1f", $0) }),
        ])
        lines += table(["Interface", "received/s", "sent/s", "rx pkt/s", "tx pkt/s", "errors/s", "drops/s"], label: "interface", rows: [
            ("network_received_bytes_per_second", Self.bytes), ("network_sent_bytes_per_second", Self.bytes),
            ("network_received_packets_per_second", Self.rate), ("network_sent_packets_per_second", Self.rate),
            ("network_errors_per_second", Self.rate), ("network_drops_per_second", Self.rate),
        ])
        lines += processTable(details["processes"]?.arrayValue ?? [])
        if let problems = details["problems"]?.arrayValue, !problems.isEmpty {
            lines.append("not read: " + problems.compactMap(\.stringValue).joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        reading.samples.first { $0.name == name && $0.labels == labels }?.value
    }

    private func memoryTable() -> [String] {
        guard let total = value("memory_total_bytes") else { return [] }
        let rows = [
            ["", "total", "used", "free", "buff/cache", "available"],
            ["Mem:", Self.bytes(total), value("memory_used_bytes").map(Self.bytes) ?? "-", value("memory_free_bytes").map(Self.bytes) ?? "-",
             Self.bytes((value("memory_buffers_bytes") ?? 0) + (value("memory_cached_bytes") ?? 0)), value("memory_available_bytes").map(Self.bytes) ?? "-"],
            ["Swap:", value("swap_total_bytes").map(Self.bytes) ?? "-", value("swap_used_bytes").map(Self.bytes) ?? "-",
             Self.bytes((value("swap_total_bytes") ?? 0) - (value("swap_used_bytes") ?? 0)), "", ""],
        ]
        return Self.aligned(rows) + [""]
    }

    /// One row per label value of the first sample, a column per sample name; "-" where a
    /// rate is not known yet.
    private func table(_ header: [String], label: String, rows columns: [(String, (Double) -> String)]) -> [String] {
        let keys = Set(reading.samples.filter { $0.name == columns[0].0 }.compactMap { $0.labels[label] }).sorted()
        guard !keys.isEmpty else { return [] }
        let rows = keys.map { key in [key] + columns.map { name, format in value(name, [label: key]).map(format) ?? "-" } }
        return Self.aligned([header] + rows) + [""]
    }

    private func processTable(_ processes: [JSONValue]) -> [String] {
        guard top > 0, !processes.isEmpty else { return [] }
        let rows = processes.prefix(top).compactMap(\.objectValue).map { process -> [String] in
            let command = process["command"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "[\(process["name"]?.stringValue ?? "?")]"
            return [process["pid"]?.numberValue.map { String(Int($0)) } ?? "?", process["user"]?.stringValue ?? "?",
                    process["cpuPercent"]?.numberValue.map { String(format: "%.1f", $0) } ?? "-",
                    process["memoryPercent"]?.numberValue.map { String(format: "%.1f", $0) } ?? "-",
                    process["residentBytes"]?.numberValue.map(Self.bytes) ?? "-", process["state"]?.stringValue ?? "?", String(command.prefix(80))]
        }
        return Self.aligned([["PID", "USER", "%CPU", "%MEM", "RSS", "S", "COMMAND"]] + rows)
    }

    /// Columns left-aligned for the first, right-aligned after, the last one left as is.
    static func aligned(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                if column == row.count - 1 && column > 0 && rows[0].last == "COMMAND" { return cell }
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
    }

    /// Bytes as `free -h` prints them: 1.9Gi, 512Mi, 20Ki, 100B.
    static func bytes(_ value: Double) -> String {
        let units = ["B", "Ki", "Mi", "Gi", "Ti", "Pi"]
        var amount = value
        var unit = 0
        while abs(amount) >= 1_024 && unit < units.count - 1 {
            amount /= 1_024
            unit += 1
        }
        return unit == 0 ? String(format: "%.0f%@", amount, units[0]) : String(format: amount < 10 ? "%.1f%@" : "%.0f%@", amount, units[unit])
    }

    static func rate(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }

    /// `3 days, 4:05` or `4:05` (hours:minutes), as `uptime` prints it.
    static func duration(_ seconds: Double) -> String {
        let minutes = Int(seconds) / 60
        let days = minutes / 1_440
        let clock = String(format: "%d:%02d", (minutes % 1_440) / 60, minutes % 60)
        return days > 0 ? "\(days) day\(days == 1 ? "" : "s"), \(clock)" : clock
    }
}
