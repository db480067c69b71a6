import Kernel

/// The JSON form of one hop of a trace round, shared by traceroute results and progress.
public enum TraceHopView {
    /// `{ttl, responders, probes, silent, lossPercent}`; `names` maps addresses to reverse
    /// DNS names when looked up.
    public static func json(_ round: TraceRound, ttl: Int, names: [IPAddress: String] = [:]) -> JSONValue {
        let probes = round.probes(atTTL: ttl)
        var responders: [IPAddress] = []
        for probe in probes { if let responder = probe.responder, !responders.contains(responder) { responders.append(responder) } }
        let answered = probes.filter { $0.rtt != nil }.count
        var hop: [String: JSONValue] = [
            "ttl": .number(Double(ttl)),
            "responders": .array(responders.map { address in
                var entry: [String: JSONValue] = ["address": .string(address.description)]
                if let name = names[address] { entry["name"] = .string(name) }
                return .object(entry)
            }),
            "probes": .array(probes.map { probe in
                var entry: [String: JSONValue] = [
                    "address": probe.responder.map { .string($0.description) } ?? .null,
                    "rttMs": probe.rtt.map { .number(milliseconds($0)) } ?? .null,
                ]
                if let annotation = probe.annotation { entry["annotation"] = .string(annotation) }
                if let ttl = probe.replyTTL { entry["replyTTL"] = .number(Double(ttl)) }
                if probe.sentAt == nil { entry["notSent"] = .bool(true) }
                return .object(entry)
            }),
            "silent": .bool(responders.isEmpty),
            "lossPercent": .number(probes.isEmpty ? 0 : (Double(probes.count - answered) / Double(probes.count) * 10_000).rounded() / 100),
        ]
        if let annotation = probes.compactMap(\.annotation).first { hop["annotation"] = .string(annotation) }
        return .object(hop)
    }
}
