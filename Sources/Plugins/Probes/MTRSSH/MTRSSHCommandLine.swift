import Kernel
import RouteSupport

/// How a remote mtr is shown on the command line (`vantage probe mtr TARGET --via HOST`):
/// mtr's flags, and the origin's name above mtr's report table, the same table `probe.mtr`
/// prints.
extension MTRSSHProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("count", short: "c", option: "count", as: .integer, help: "Rounds (option `count`)."),
         .value("interval", short: "i", option: "interval", as: .number, help: "Seconds between rounds (option `interval`)."),
         .value("method", option: "method", help: "icmp, udp or tcp (option `method`)."),
         .value("port", option: "port", as: .integer, help: "Destination port for udp and tcp (option `port`)."),
         .value("host", option: "host", help: "The id of the host that runs mtr (option `host`).")]
            + ProbeFlag.toggle("resolve", option: "resolveNames", help: "Look up the names of hops on the host (option `resolveNames`).",
                               offHelp: "Show hops by address only (option `resolveNames`).")
    }

    public static func makeReport() -> any ProbeReport { MTRSSHTextReport() }
}

/// The origin, then mtr's report table.
struct MTRSSHTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        let details = record.result.details
        let origin = details.objectValue?["origin"]?.objectValue
        var header = "from \(origin?["name"]?.stringValue ?? "?")"
        if let location = origin?["location"]?.stringValue { header += " (\(location))" }
        guard let hubs = MTRReportTable.hubs(in: details) else { return header + "\n" }
        return ([header] + MTRReportTable.lines(hubs)).joined(separator: "\n") + "\n"
    }
}
