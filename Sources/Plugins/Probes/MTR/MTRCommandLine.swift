import Foundation
import Kernel
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
        return redraw(Self.mtrTable(hubs))
    }

    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        guard case .array(let hubs)? = record.result.details.objectValue?["report"]?.objectValue?["hubs"] else { return "" }
        return redraw(Self.mtrTable(hubs))
    }

    /// The table, after moving the cursor up over the one printed before.
    private func redraw(_ lines: [String]) -> String {
        tableLines.withLock { printed in
            let rewind = printed > 0 ? "\u{1B}[\(printed)A\u{1B}[J" : ""
            printed = lines.count
            return rewind + lines.joined(separator: "\n") + "\n"
        }
    }

    /// mtr's report table.
    static func mtrTable(_ hubs: [JSONValue]) -> [String] {
        var lines = ["HOST".padding(toLength: 40, withPad: " ", startingAt: 0) + " Loss%   Snt   Last    Avg   Best   Wrst  StDev"]
        for hub in hubs {
            let fields = hub.objectValue ?? [:]
            func number(_ key: String) -> Double { fields[key]?.numberValue ?? 0 }
            let host = "\(Int(number("count"))).|-- \(fields["host"]?.stringValue ?? "???")"
            lines.append(host.padding(toLength: 40, withPad: " ", startingAt: 0)
                + String(format: " %5.1f%% %5d %6.2f %6.2f %6.2f %6.2f %6.2f", number("Loss%"), Int(number("Snt")),
                         number("Last"), number("Avg"), number("Best"), number("Wrst"), number("StDev")))
        }
        return lines
    }

}
