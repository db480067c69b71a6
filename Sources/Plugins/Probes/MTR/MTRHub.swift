import Kernel
import PacketSupport

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

    /// The hub as `mtr --json` prints it: `count, host, Loss%, Snt, Last, Avg, Best, Wrst, StDev`
    /// (times in milliseconds), plus `hosts` with every responder.
    func json(names: [IPAddress: String]) -> JSONValue {
        func ms(_ value: Double?) -> JSONValue { .number(value.map(milliseconds) ?? 0) }
        let host = hosts.first.map { names[$0] ?? $0.description } ?? "???"
        return .object([
            "count": .number(Double(ttl)),
            "host": .string(host),
            "Loss%": .number((lossPercent * 100).rounded() / 100),
            "Snt": .number(Double(sent)),
            "Last": ms(statistics.last),
            "Avg": ms(statistics.average),
            "Best": ms(statistics.best),
            "Wrst": ms(statistics.worst),
            "StDev": ms(statistics.sampleDeviation),
            "hosts": .array(hosts.map { address in
                var entry: [String: JSONValue] = ["address": .string(address.description)]
                if let name = names[address] { entry["name"] = .string(name) }
                return .object(entry)
            }),
        ])
    }
}
