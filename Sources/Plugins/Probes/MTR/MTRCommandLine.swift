import Foundation
import Kernel
import RouteSupport
import Synchronization

/// How `vantage probe mtr` is shown: its flags, and mtr's report table, redrawn in place
/// after each round on a terminal.
extension MTRProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("count", short: "c", option: "count", as: .integer, help: "Rounds (option `count`)."),
         .value("interval", short: "i", option: "interval", as: .number, help: "Seconds between rounds (option `interval`)."),
         .value("method", option: "method", help: "icmp, udp or tcp (option `method`)."),
         .value("port", option: "port", as: .integer, help: "Destination port for udp and tcp (option `port`).")]
            + ProbeFlag.toggle("resolve", option: "resolveNames", help: "Look up the names of hops (option `resolveNames`).",
                               offHelp: "Show hops by address only (option `resolveNames`).")
    }

    public static func makeReport() -> any ProbeReport { MTRTextReport() }
}

/// mtr's report table.
final class MTRTextReport: ProbeReport {
    private let tableLines = Mutex(0)

    func progress(_ update: JSONValue, interactive: Bool) -> String? {
        guard interactive, update.objectValue?["event"]?.stringValue == "round", case .array(let hubs)? = update.objectValue?["hubs"] else { return nil }
        return redraw(MTRReportTable.lines(hubs))
    }

    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        guard let hubs = MTRReportTable.hubs(in: record.result.details) else { return "" }
        return redraw(MTRReportTable.lines(hubs))
    }

    /// The table, after moving the cursor up over the one printed before.
    private func redraw(_ lines: [String]) -> String {
        tableLines.withLock { printed in
            let rewind = printed > 0 ? "\u{1B}[\(printed)A\u{1B}[J" : ""
            printed = lines.count
            return rewind + lines.joined(separator: "\n") + "\n"
        }
    }
}
