import Kernel
import PacketSupport

/// Turns a finished trace round into a result.
struct TraceReport {
    let round: TraceRound
    let settings: TraceSettings
    let target: String
    let socket: SocketMode
    let names: [IPAddress: String]

    var result: ProbeResult {
        let hops = Array(settings.firstTTL...max(round.lastTTL, settings.firstTTL))
        let sentTimes = round.slots.compactMap(\.sentAt)
        let duration = (sentTimes.min()).map { first in Double(max((round.finishedAt ?? first) - first, 0)) / 1e9 } ?? 0
        let destinationRTTs = round.slots.filter { $0.terminal && $0.responder == settings.destination }.compactMap(\.rtt)
        let destinationRTT = RTTStatistics(destinationRTTs).average
        var metrics: [String: Double] = ["hops": Double(hops.count), "duration_seconds": duration]
        if let destinationRTT { metrics["destination_rtt_seconds"] = destinationRTT }
        let details: JSONValue = .object([
            "target": .string(target),
            "destination": .string(settings.destination.description),
            "family": .string(settings.destination.family.rawValue),
            "method": .string(settings.method.rawValue),
            "port": settings.method == .icmp ? .null : .number(Double(settings.port)),
            "socket": .string(socket.rawValue),
            "reached": .bool(round.reachedDestination),
            "durationMs": .number(milliseconds(duration)),
            "hops": .array(hops.map { TraceHopView.json(round, ttl: $0, names: names) }),
        ])
        if round.reachedDestination {
            return ProbeResult(status: .up, latency: destinationRTT, metrics: metrics, details: details)
        }
        let terminal = round.slots.first { $0.terminal }
        let message: String
        if let terminal, let responder = terminal.responder {
            message = "\(responder) stopped the trace at hop \(terminal.ttl) (\(terminal.annotation ?? "unreachable"))"
        } else {
            message = "\(settings.destination) did not answer within \(settings.maxHops) hops"
        }
        return ProbeResult(status: .down, failure: ProbeFailure(code: "destination_not_reached", message: message), metrics: metrics, details: details)
    }
}
