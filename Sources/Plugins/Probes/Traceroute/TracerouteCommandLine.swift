import Foundation
import Kernel
import RouteSupport
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

/// traceroute's output, one line per hop, read from the typed hops (`RouteHop`).
final class TracerouteTextReport: ProbeReport {
    private let printedHops = Mutex(0)

    func progress(_ update: JSONValue, interactive: Bool) -> String? {
        guard let json = update.objectValue?["hop"], let hop = RouteHop(json: json) else { return nil }
        printedHops.withLock { $0 += 1 }
        return Self.hopLine(hop) + "\n"
    }

    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        guard let hops = RouteHop.hops(in: record.result.details) else { return "" }
        let printed = printedHops.withLock { $0 }
        var text = ""
        for hop in hops.dropFirst(printed) { text += Self.hopLine(hop) + "\n" }
        // Names are looked up after the trace, so hops printed live lack them.
        for hop in hops.prefix(printed) {
            for responder in hop.responders {
                if let name = responder.name { text += "    \(responder.address) is \(name)\n" }
            }
        }
        // What the enrichers know arrives with the result, after every hop was printed.
        for hop in hops {
            for responder in hop.responders {
                if let geo = responder.geo.map(Self.geoText), !geo.isEmpty { text += "    \(responder.address): \(geo)\n" }
            }
        }
        return text
    }

    /// `AS64500 Example Transit, Berlin, DE`: what `traceroute -A` and `mtr -z` show, and where.
    static func geoText(_ geo: AddressAnnotation) -> String {
        let network = [geo.asn.map { "AS\($0)" }, geo.organization].compactMap { $0 }.joined(separator: " ")
        return [network.isEmpty ? nil : network, geo.city, geo.countryCode].compactMap { $0 }.joined(separator: ", ")
    }

    /// ` 2  10.9.2.2  0.017 ms  * 0.009 ms`, as traceroute prints a hop.
    static func hopLine(_ hop: RouteHop) -> String {
        var line = (hop.ttl < 10 ? " " : "") + "\(hop.ttl) "
        var lastAddress: String?
        for probe in hop.probes ?? [] {
            guard let rtt = probe.rttMs else {
                line += " *"
                continue
            }
            if let address = probe.address, address != lastAddress {
                let name = hop.responders.first { $0.address == address }?.name
                line += name.map { " \($0) (\(address))" } ?? " \(address)"
                lastAddress = address
            }
            line += "  " + String(format: "%.3f ms", rtt)
            if let annotation = probe.annotation { line += " \(annotation)" }
        }
        return line
    }
}
