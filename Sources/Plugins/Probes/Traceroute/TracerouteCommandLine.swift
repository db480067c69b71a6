import Foundation
import Kernel
import Synchronization

/// How `vantage probe traceroute` is shown: its flags, and traceroute's hop lines as hops
/// finish, then the names looked up after the trace.
extension TracerouteProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("method", option: "method", help: "icmp, udp or tcp (option `method`)."),
         .value("port", option: "port", as: .integer, help: "Destination port for udp and tcp (option `port`).")]
            + ProbeFlag.toggle("resolve", option: "resolveNames", help: "Look up the names of hops (option `resolveNames`).",
                               offHelp: "Show hops by address only (option `resolveNames`).")
    }

    public static func makeReport() -> any ProbeReport { TracerouteTextReport() }
}

/// traceroute's output, one line per hop.
final class TracerouteTextReport: ProbeReport {
    private let printedHops = Mutex(0)

    func progress(_ update: JSONValue, interactive: Bool) -> String? {
        guard case .object? = update.objectValue?["hop"], let hop = update.objectValue?["hop"] else { return nil }
        printedHops.withLock { $0 += 1 }
        return Self.hopLine(hop) + "\n"
    }

    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        guard case .array(let hops)? = record.result.details.objectValue?["hops"] else { return "" }
        let printed = printedHops.withLock { $0 }
        var text = ""
        for hop in hops.dropFirst(printed) { text += Self.hopLine(hop) + "\n" }
        // Names are looked up after the trace, so hops printed live lack them.
        for hop in hops.prefix(printed) {
            guard case .array(let responders)? = hop.objectValue?["responders"] else { continue }
            for responder in responders {
                if let name = responder.objectValue?["name"]?.stringValue, let address = responder.objectValue?["address"]?.stringValue {
                    text += "    \(address) is \(name)\n"
                }
            }
        }
        return text
    }

    /// ` 2  10.9.2.2  0.017 ms  * 0.009 ms`, as traceroute prints a hop.
    static func hopLine(_ hop: JSONValue) -> String {
        let members = hop.objectValue ?? [:]
        let ttl = Int(members["ttl"]?.numberValue ?? 0)
        var line = (ttl < 10 ? " " : "") + "\(ttl) "
        var lastAddress: String?
        if case .array(let probes)? = members["probes"] {
            for probe in probes {
                let fields = probe.objectValue ?? [:]
                guard let rtt = fields["rttMs"]?.numberValue else {
                    line += " *"
                    continue
                }
                if let address = fields["address"]?.stringValue, address != lastAddress {
                    let name = (members["responders"].flatMap { responders -> String? in
                        guard case .array(let list) = responders else { return nil }
                        return list.first { $0.objectValue?["address"]?.stringValue == address }?.objectValue?["name"]?.stringValue
                    })
                    line += name.map { " \($0) (\(address))" } ?? " \(address)"
                    lastAddress = address
                }
                line += "  " + String(format: "%.3f ms", rtt)
                if let annotation = fields["annotation"]?.stringValue { line += " \(annotation)" }
            }
        }
        return line
    }

}
