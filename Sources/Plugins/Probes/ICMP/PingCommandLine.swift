import Kernel

/// How `vantage probe ping` is shown: `-c` and `-i`, and ping's summary line.
extension ICMPProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("count", short: "c", option: "count", as: .integer, help: "Echo requests to send (option `count`)."),
         .value("interval", short: "i", option: "interval", as: .number, help: "Seconds between requests (option `interval`).")]
    }

    public static func makeReport() -> any ProbeReport { PingTextReport() }
}

/// ping's summary line.
struct PingTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        let details = record.result.details.objectValue ?? [:]
        guard details["packets"] != nil, let sent = details["sent"]?.numberValue else { return "" }
        return Self.pingSummary(record.target, details, sent: sent) + "\n"
    }

    /// `--- host ping: 3 sent, 3 received, 0 % loss; rtt min/avg/max/stddev = ... ms`.
    static func pingSummary(_ target: String, _ details: [String: JSONValue], sent: Double) -> String {
        let received = details["received"]?.numberValue ?? 0
        let loss = details["lossPercent"]?.numberValue ?? 100
        var line = "--- \(target) ping: \(Int(sent)) sent, \(Int(received)) received, \(loss) % loss"
        if let minimum = details["minMs"]?.numberValue, let average = details["avgMs"]?.numberValue,
           let maximum = details["maxMs"]?.numberValue, let deviation = details["stddevMs"]?.numberValue {
            line += String(format: "; rtt min/avg/max/stddev = %.3f/%.3f/%.3f/%.3f ms", minimum, average, maximum, deviation)
        }
        if let duplicates = details["duplicates"]?.numberValue, duplicates > 0 { line += ", \(Int(duplicates)) duplicates" }
        return line
    }
}
