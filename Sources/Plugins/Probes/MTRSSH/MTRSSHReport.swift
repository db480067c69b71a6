import Kernel
import RouteSupport
import SSHSupport

/// Turns a remote mtr's output into a result: `details.hops` in the shared hop model,
/// `details.report` as `mtr --json` prints it, `details.origin` naming the host; down when mtr
/// is missing, failed, printed no report, or the destination did not answer; degraded past
/// `degradedLoss` or `degradedLatency`, as `probe.mtr`.
struct MTRSSHReport {
    let output: SSHCommandOutput
    let target: String
    let options: MTRSSHOptions
    let origin: MTRSSHOrigin

    var result: ProbeResult {
        var details: [String: JSONValue] = ["origin": origin.json]
        if output.exitStatus == 127 {
            return down("mtr_not_installed", "mtr is not on the PATH of \(origin.name) (install the mtr or mtr-tiny package)", details)
        }
        guard output.exitStatus == 0 else {
            let said = TextLines.split(output.stderrText).first { !$0.isEmpty }.map { String($0.prefix(300)) } ?? "no message"
            return down("mtr_failed", "mtr on \(origin.name) exited with status \(output.exitStatus): \(said)", details)
        }
        let report: MTRJSONReport
        do {
            report = try MTRJSONReport.parse(output.stdout)
        } catch {
            return down("mtr_output_invalid", "mtr on \(origin.name) printed no report Vantage can read: \(error)", details)
        }
        let hops = report.hops
        let rounds = report.tests ?? options.count
        details["hops"] = .array(hops.map(\.json))
        details["report"] = .object([
            "mtr": .object(["src": .string(report.source ?? origin.name), "dst": .string(report.destination ?? target),
                            "tests": .number(Double(rounds))]),
            "hubs": .array(hops.map(\.mtrHub)),
        ])
        details["method"] = .string(options.method.rawValue)
        details["rounds"] = .number(Double(rounds))
        var metrics: [String: Double] = ["hops": Double(hops.count), "rounds": Double(rounds)]
        guard let last = hops.last, reached(last) else {
            details["reached"] = .bool(false)
            return ProbeResult(status: .down, failure: ProbeFailure(code: "destination_not_reached",
                                                                   message: "\(target) did not answer \(origin.name)'s mtr in \(rounds) round\(rounds == 1 ? "" : "s")"),
                               metrics: metrics, details: .object(details))
        }
        details["reached"] = .bool(true)
        details["destination"] = .string(last.responders.first?.address ?? target)
        metrics["loss_ratio"] = last.lossPercent / 100
        let seconds = { (ms: Double?) in ms.map { $0 / 1000 } }
        if let average = seconds(last.avgMs) { metrics["rtt_avg_seconds"] = average }
        if let best = seconds(last.bestMs) { metrics["rtt_min_seconds"] = best }
        if let worst = seconds(last.worstMs) { metrics["rtt_max_seconds"] = worst }
        var result = ProbeResult(status: .up, latency: seconds(last.avgMs), metrics: metrics, details: .object(details))
        if let threshold = options.degradedLoss, last.lossPercent > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "packet_loss", message: "\(last.lossPercent) % loss at \(target) from \(origin.name), above \(threshold) %")
        } else if let threshold = options.degradedLatency, let average = seconds(last.avgMs), average > threshold {
            result.status = .degraded
            result.failure = ProbeFailure(code: "slow", message: "average round trip from \(origin.name) to \(target) took \(Int((average * 1000).rounded())) ms, above \(Int((threshold * 1000).rounded())) ms")
        }
        return result
    }

    /// Whether the last hop is the destination: it answered, and when the target is an
    /// address, with that address (mtr lists silent hops up to `maxHops` when it never arrives).
    private func reached(_ hop: RouteHop) -> Bool {
        guard hop.received > 0, let responder = hop.responders.first else { return false }
        guard let wanted = NetworkPrefix.addressBytes(target) else { return true }
        return NetworkPrefix.addressBytes(responder.address) == wanted
    }

    private func down(_ code: String, _ message: String, _ details: [String: JSONValue]) -> ProbeResult {
        ProbeResult(status: .down, failure: ProbeFailure(code: code, message: message), details: .object(details))
    }
}
