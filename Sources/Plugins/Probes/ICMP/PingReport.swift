import Kernel
import PacketSupport

/// Turns a ping session's packets into a result: statistics, per-packet detail, status.
struct PingReport {
    let outcome: PingSession.Outcome
    let address: IPAddress
    let mode: SocketMode
    let options: PingOptions

    var result: ProbeResult {
        let sent = outcome.packets.filter { $0.sentAt != nil }.count
        let rtts = outcome.packets.compactMap(\.rtt)
        let statistics = RTTStatistics(rtts)
        let received = rtts.count
        let loss = sent > 0 ? Double(sent - received) / Double(sent) : 1
        var metrics: [String: Double] = [
            "packets_sent": Double(sent), "packets_received": Double(received), "loss_ratio": loss,
            "duplicates": Double(outcome.duplicates), "out_of_order": Double(outcome.outOfOrder),
        ]
        var details: [String: JSONValue] = [
            "address": .string(address.description), "family": .string(address.family.rawValue), "socket": .string(mode.rawValue),
            "sent": .number(Double(sent)), "received": .number(Double(received)), "lossPercent": .number((loss * 10_000).rounded() / 100),
            "duplicates": .number(Double(outcome.duplicates)), "outOfOrder": .number(Double(outcome.outOfOrder)),
            "packets": .array(outcome.packets.enumerated().map { packetDetail($0.offset, $0.element) }),
        ]
        if let average = statistics.average, let best = statistics.best, let worst = statistics.worst,
           let deviation = statistics.populationDeviation {
            metrics["rtt_min_seconds"] = best
            metrics["rtt_avg_seconds"] = average
            metrics["rtt_max_seconds"] = worst
            metrics["rtt_stddev_seconds"] = deviation
            metrics["jitter_seconds"] = statistics.jitter
            for (key, value) in [("minMs", best), ("avgMs", average), ("maxMs", worst), ("stddevMs", deviation), ("jitterMs", statistics.jitter)] {
                details[key] = .number(milliseconds(value))
            }
        }
        if !outcome.sendErrors.isEmpty { details["sendErrors"] = .array(outcome.sendErrors.map(JSONValue.string)) }
        var result = ProbeResult(status: .up, latency: statistics.average, metrics: metrics, details: .object(details))
        if received == 0 {
            result.status = .down
            result.failure = downReason(sent: sent)
        } else if let threshold = options.degradedLoss, loss * 100 > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "packet_loss", message: "\(formatPercent(loss * 100)) of echo requests to \(address) were lost, above \(formatPercent(threshold))")
        } else if let threshold = options.degradedLatency, let average = statistics.average, average > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "slow", message: "average round trip to \(address) took \(formatSeconds(average)), above \(formatSeconds(threshold))")
        }
        return result
    }

    private func downReason(sent: Int) -> ProbeFailure {
        if sent == 0, let error = outcome.sendErrors.first {
            return ProbeFailure(code: "unreachable", message: "could not send to \(address): \(error)")
        }
        if let error = outcome.packets.compactMap(\.error).first, case .icmpError(let type, let code) = error.kind {
            let text = ICMPErrorText.describe(type: type, code: code, family: address.family)
            return ProbeFailure(code: "unreachable", message: "no echo reply from \(address): \(error.responder) reports \(text)")
        }
        return ProbeFailure(code: "timeout", message: "no reply from \(address) to \(sent) echo request\(sent == 1 ? "" : "s") within \(formatSeconds(options.timeout)) each")
    }

    private func packetDetail(_ index: Int, _ packet: PingSession.Packet) -> JSONValue {
        var entry: [String: JSONValue] = ["sequence": .number(Double(index)), "rttMs": packet.rtt.map { .number(milliseconds($0)) } ?? .null]
        if let ttl = packet.replyTTL { entry["ttl"] = .number(Double(ttl)) }
        if packet.late { entry["late"] = .bool(true) }
        if packet.sentAt == nil { entry["notSent"] = .bool(true) }
        if let error = packet.error, case .icmpError(let type, let code) = error.kind {
            entry["error"] = .string("\(ICMPErrorText.describe(type: type, code: code, family: address.family)) from \(error.responder)")
        }
        return .object(entry)
    }

    private func formatPercent(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) %" : "\((value * 10).rounded() / 10) %"
    }
}
