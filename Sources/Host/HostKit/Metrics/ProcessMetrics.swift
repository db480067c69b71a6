#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Kernel

/// The `process_*` series every Prometheus exporter publishes, read from `/proc/self` at each
/// scrape, with the names, types and units of the Prometheus client libraries' process
/// collectors: CPU seconds, resident and virtual memory, open and maximum file descriptors,
/// start time.
struct ProcessMetrics {
    var cpuSeconds: Double
    var residentBytes: Double
    var virtualBytes: Double
    var openDescriptors: Double
    var maxDescriptors: Double
    var startTimeSeconds: Double

    /// Reads the figures of this process; nil off Linux or when `/proc` is unreadable.
    static func current() -> ProcessMetrics? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3; utime 14, stime 15, starttime 22, vsize 23, rss 24.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        guard ticks > 0, let user = field(14), let system = field(15), let start = field(22),
              let virtual = field(23), let resident = field(24), let boot = bootTime() else { return nil }
        var limit = rlimit()
        let maxDescriptors = getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Double(limit.rlim_cur) : 0
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        return ProcessMetrics(cpuSeconds: (user + system) / ticks, residentBytes: resident * pageSize, virtualBytes: virtual,
                              openDescriptors: Double(open), maxDescriptors: maxDescriptors, startTimeSeconds: boot + start / ticks)
    }

    /// The exposition lines, HELP and TYPE included.
    var exposition: String {
        let series: [(String, String, String, Double)] = [
            ("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpuSeconds),
            ("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", residentBytes),
            ("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualBytes),
            ("process_open_fds", "gauge", "Number of open file descriptors.", openDescriptors),
            ("process_max_fds", "gauge", "Maximum number of open file descriptors.", maxDescriptors),
            ("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", startTimeSeconds),
        ]
        return series.map { name, type, help, value in
            "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(MetricsExposition.format(value))\n"
        }.joined()
    }

    /// The machine's boot time in Unix seconds (`btime` of `/proc/stat`).
    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in TextLines.split(text) where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
