#if canImport(Glibc)
import Glibc
#endif
import Kernel
import PacketSupport
import RouteSupport

/// Turns an mtr run into a result whose `details.report` reads like `mtr --json`.
struct MTRReport {
    let accumulator: MTRAccumulator
    let options: MTROptions
    let target: String
    let destination: IPAddress
    let socket: SocketMode
    let rounds: Int
    let names: [IPAddress: String]

    var result: ProbeResult {
        let hubs = accumulator.visibleHubs
        let hops = hubs.map { $0.routeHop(names: names) }
        let report: JSONValue = .object([
            "mtr": .object([
                "src": .string(Self.hostName()), "dst": .string(target), "tos": .number(0), "tests": .number(Double(rounds)),
                "psize": .string(String(options.payloadSize + 8 + (destination.family == .ipv4 ? 20 : 40))), "bitpattern": .string("0x00"),
            ]),
            "hubs": .array(hops.map(\.mtrHub)),
        ])
        let details: JSONValue = .object([
            "report": report,
            "hops": .array(hops.map(\.json)),
            "destination": .string(destination.description),
            "family": .string(destination.family.rawValue),
            "method": .string(options.method.rawValue),
            "socket": .string(socket.rawValue),
            "reached": .bool(accumulator.reached),
            "rounds": .number(Double(rounds)),
        ])
        var metrics: [String: Double] = ["hops": Double(hubs.count), "rounds": Double(rounds)]
        guard accumulator.reached, let hub = accumulator.destinationHub else {
            return ProbeResult(status: .down, failure: ProbeFailure(code: "destination_not_reached",
                                                                   message: "\(destination) did not answer in \(rounds) round\(rounds == 1 ? "" : "s")"),
                               metrics: metrics, details: details)
        }
        metrics["loss_ratio"] = hub.lossPercent / 100
        if let average = hub.statistics.average { metrics["rtt_avg_seconds"] = average }
        if let best = hub.statistics.best { metrics["rtt_min_seconds"] = best }
        if let worst = hub.statistics.worst { metrics["rtt_max_seconds"] = worst }
        var result = ProbeResult(status: .up, latency: hub.statistics.average, metrics: metrics, details: details)
        if let threshold = options.degradedLoss, hub.lossPercent > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "packet_loss", message: "\((hub.lossPercent * 10).rounded() / 10) % loss at \(destination), above \(threshold) %")
        } else if let threshold = options.degradedLatency, let average = hub.statistics.average, average > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "slow", message: "average round trip to \(destination) took \(formatSeconds(average)), above \(formatSeconds(threshold))")
        }
        return result
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
