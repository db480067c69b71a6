import Foundation
import Kernel
import Synchronization

/// Human output of `vantage probe`: ping's summary, traceroute's hop lines, mtr's report
/// table. Renders from the shape of a result's details, so any probe that reports hops or
/// mtr hubs prints the same way. Live updates redraw in place on a terminal.
final class ProbeReportRenderer: Sendable {
    private let interactive: Bool
    private let state = Mutex(State())

    private struct State {
        var printedHops = 0
        var tableLines = 0
    }

    init(interactive: Bool = isatty(STDOUT_FILENO) == 1) { self.interactive = interactive }

    /// Handles one progress update: prints a finished traceroute hop, or redraws the mtr table.
    func progress(_ update: JSONValue) {
        guard let members = update.objectValue else { return }
        state.withLock { state in
            if case .object? = members["hop"], let hop = members["hop"] {
                write(Self.hopLine(hop) + "\n")
                state.printedHops += 1
            } else if members["event"]?.stringValue == "round", case .array(let hubs)? = members["hubs"], interactive {
                let lines = Self.mtrTable(hubs)
                let rewind = state.tableLines > 0 ? "\u{1B}[\(state.tableLines)A\u{1B}[J" : ""
                write(rewind + lines.joined(separator: "\n") + "\n")
                state.tableLines = lines.count
            }
        }
    }

    /// The final output for a record.
    func finish(_ record: ResultRecord) {
        let details = record.result.details.objectValue ?? [:]
        state.withLock { state in
            if case .array(let hubs)? = details["report"]?.objectValue?["hubs"] {
                let rewind = state.tableLines > 0 ? "\u{1B}[\(state.tableLines)A\u{1B}[J" : ""
                write(rewind + Self.mtrTable(hubs).joined(separator: "\n") + "\n")
            } else if case .array(let hops)? = details["hops"] {
                for hop in hops.dropFirst(state.printedHops) { write(Self.hopLine(hop) + "\n") }
                // Names are looked up after the trace, so hops printed live lack them.
                if state.printedHops > 0 {
                    for hop in hops.prefix(state.printedHops) {
                        guard case .array(let responders)? = hop.objectValue?["responders"] else { continue }
                        for responder in responders {
                            if let name = responder.objectValue?["name"]?.stringValue, let address = responder.objectValue?["address"]?.stringValue {
                                write("    \(address) is \(name)\n")
                            }
                        }
                    }
                }
            } else if details["packets"] != nil, let sent = details["sent"]?.numberValue {
                write(Self.pingSummary(record.target, details, sent: sent) + "\n")
            } else if record.kind == "dns" || details["rcode"] != nil && details["question"] != nil {
                write(LookupReport.dns(details))
            } else if details["registration"] != nil {
                write(LookupReport.whois(details))
            } else if details["timings"] != nil || details["redirects"] != nil {
                write(WebReport.http(details))
            } else if details["certificate"] != nil || details["serverName"] != nil {
                write(WebReport.tls(details))
            }
            write(ProbeCommand.describe(record) + "\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
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

    /// `--- host ping: 3 sent, 3 received, 0 % loss; rtt min/avg/max/stddev = ... ms`.
    static func pingSummary(_ target: String, _ details: [String: JSONValue], sent: Double) -> String {
        let received = details["received"]?.numberValue ?? 0
        let loss = details["lossPercent"]?.numberValue ?? 100
        var line = "--- \(target) ping: \(Int(sent)) sent, \(Int(received)) received, \(loss) % loss"
        if let minimum = details["minMs"]?.numberValue, let average = details["avgMs"]?.numberValue,
           let maximum = details["maxMs"]?.numberValue, let deviation = details["stddevMs"]?.numberValue {
            line += String(format: "; rtt min/avg/max/stddev = %.3f/%.3f/%.3f/%.3f ms", minimum, average, maximum, deviation)
        }
        if let duplicates = details["duplicates"]?.numberValue, duplicates > 0 { line += ", \(Int(duplicates)) duplicates" }
        return line
    }
}
