import Kernel
import PacketSupport
import RouteSupport

/// One hop's running totals over the rounds, with mtr's report fields.
struct MTRHub: Sendable {
    let ttl: Int
    var sent = 0
    var statistics = RTTStatistics()
    /// Every address that answered at this hop, in order of first answer.
    var hosts: [IPAddress] = []

    var received: Int { statistics.count }
    var lossPercent: Double { sent == 0 ? 0 : Double(sent - received) / Double(sent) * 100 }

    mutating func add(_ slot: TraceRound.Slot) {
        guard slot.sentAt != nil else { return }
        sent += 1
        if let rtt = slot.rtt { statistics.add(rtt) }
        if let responder = slot.responder, !hosts.contains(responder) { hosts.append(responder) }
    }

    /// The hop in the shape every route measurement reports (`details.hops`).
    func routeHop(names: [IPAddress: String]) -> RouteHop {
        RouteHop(ttl: ttl, responders: hosts.map { RouteResponder(address: $0.description, name: names[$0]) },
                 sent: sent, received: received, lossPercent: RouteHop.lossPercent(sent: sent, received: received),
                 lastMs: statistics.last.map(milliseconds), avgMs: statistics.average.map(milliseconds),
                 bestMs: statistics.best.map(milliseconds), worstMs: statistics.worst.map(milliseconds),
                 stdDevMs: statistics.sampleDeviation.map(milliseconds))
    }

    /// The hub as `mtr --json` prints it: `count, host, Loss%, Snt, Last, Avg, Best, Wrst, StDev`
    /// (times in milliseconds), plus `hosts` with every responder.
    func json(names: [IPAddress: String]) -> JSONValue { routeHop(names: names).mtrHub }
}
