import Kernel

extension RouteHop {
    /// The hop as `mtr --json` prints a hub: `count, host, Loss%, Snt, Last, Avg, Best, Wrst,
    /// StDev` (milliseconds, 0 when unanswered), plus `hosts` with every responder. `host` is
    /// the first responder's name when looked up, else its address, else `???`.
    public var mtrHub: JSONValue {
        let host = responders.first.map { $0.name ?? $0.address } ?? "???"
        return .object([
            "count": .number(Double(ttl)),
            "host": .string(host),
            "Loss%": .number(lossPercent),
            "Snt": .number(Double(sent)),
            "Last": .number(lastMs ?? 0),
            "Avg": .number(avgMs ?? 0),
            "Best": .number(bestMs ?? 0),
            "Wrst": .number(worstMs ?? 0),
            "StDev": .number(stdDevMs ?? 0),
            "hosts": .array(responders.map { responder in
                var entry: [String: JSONValue] = ["address": .string(responder.address)]
                if let name = responder.name { entry["name"] = .string(name) }
                return .object(entry)
            }),
        ])
    }
}
