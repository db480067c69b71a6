import Kernel
import RouteSupport

/// One hop of a trace round as a `RouteHop`, shared by traceroute results and progress.
public enum TraceHopView {
    /// The hop at `ttl` of `round`, with each probe's reply; `names` maps addresses to
    /// reverse DNS names when looked up.
    public static func hop(_ round: TraceRound, ttl: Int, names: [IPAddress: String] = [:]) -> RouteHop {
        let probes = round.probes(atTTL: ttl)
        var responders: [IPAddress] = []
        for probe in probes { if let responder = probe.responder, !responders.contains(responder) { responders.append(responder) } }
        let rtts = probes.compactMap(\.rtt)
        let statistics = RTTStatistics(rtts)
        return RouteHop(
            ttl: ttl,
            responders: responders.map { RouteResponder(address: $0.description, name: names[$0]) },
            sent: probes.filter { $0.sentAt != nil }.count,
            received: rtts.count,
            // Over every probe of the hop, sent or not, as traceroute has always counted it.
            lossPercent: RouteHop.lossPercent(sent: probes.count, received: rtts.count),
            lastMs: statistics.last.map(milliseconds), avgMs: statistics.average.map(milliseconds),
            bestMs: statistics.best.map(milliseconds), worstMs: statistics.worst.map(milliseconds),
            stdDevMs: statistics.sampleDeviation.map(milliseconds),
            annotation: probes.compactMap(\.annotation).first,
            probes: probes.map { probe in
                RouteReply(address: probe.responder?.description, rttMs: probe.rtt.map(milliseconds), annotation: probe.annotation,
                           replyTTL: probe.replyTTL.map(Int.init), notSent: probe.sentAt == nil ? true : nil)
            })
    }

    /// The hop as JSON: `{ttl, responders, sent, received, lossPercent, ..., probes, silent}`.
    public static func json(_ round: TraceRound, ttl: Int, names: [IPAddress: String] = [:]) -> JSONValue {
        hop(round, ttl: ttl, names: names).json
    }
}
