import Kernel

/// How `vantage probe whois` is shown: `--server`, and the parsed registration fields.
extension WHOISProbe: ReportingProbe {
    public static var commandLineFlags: [ProbeFlag] {
        [.value("server", option: "server", help: "The WHOIS server, or the RDAP base URL (option `server`).")]
    }

    public static func makeReport() -> any ProbeReport { WHOISTextReport() }
}

/// The registration fields, one per line, and the servers asked.
struct WHOISTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        Self.whois(record.result.details.objectValue ?? [:])
    }

    /// The parsed registration fields, one per line, and the servers asked.
    static func whois(_ details: [String: JSONValue]) -> String {
        guard let registration = details["registration"]?.objectValue else { return "" }
        var lines: [String] = []
        let order = ["domain", "registrar", "holder", "network", "created", "updated", "expires", "daysLeft", "statuses",
                     "nameServers", "dnssec", "abuseEmail", "abusePhone"]
        for key in order {
            guard let value = registration[key] else { continue }
            let text: String
            switch value {
            case .array(let items): text = items.compactMap(\.stringValue).joined(separator: ", ")
            case .number(let number): text = String(Int(number))
            default: text = value.stringValue ?? value.jsonText
            }
            guard !text.isEmpty else { continue }
            lines.append("\(key):".padding(toLength: 13, withPad: " ", startingAt: 0) + text)
        }
        if let chain = details["servers"]?.arrayValue?.compactMap(\.stringValue), !chain.isEmpty {
            lines.append("asked:       " + chain.joined(separator: " → "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
