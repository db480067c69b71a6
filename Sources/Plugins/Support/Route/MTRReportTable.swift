import Foundation
#if canImport(Kernel)
import Kernel
#endif

/// mtr's report table, as `mtr --report` prints it, from the hubs of a result's
/// `details.report` (`probe.mtr`, `probe.mtr_ssh`): the one text rendering of both.
public enum MTRReportTable {
    /// The table's lines: a header, then one line per hop.
    public static func lines(_ hubs: [JSONValue]) -> [String] {
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

    /// The hubs of a result's `details.report`, or nil when it has none.
    public static func hubs(in details: JSONValue) -> [JSONValue]? {
        details.objectValue?["report"]?.objectValue?["hubs"]?.arrayValue
    }
}
