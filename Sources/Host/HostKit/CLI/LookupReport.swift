import Kernel

/// The text `vantage probe dns` and `vantage probe whois` print before the one-line verdict:
/// dig's sections, and the parsed registration fields.
enum LookupReport {
    /// `;; ->>HEADER<<- status: NOERROR, id: 4242` and the sections, as dig prints them.
    static func dns(_ details: [String: JSONValue]) -> String {
        var lines: [String] = []
        if let rcode = details["rcode"]?.stringValue {
            let id = details["id"]?.numberValue.map { String(Int($0)) } ?? "?"
            lines.append(";; ->>HEADER<<- status: \(rcode), id: \(id)")
            let flags = details["flags"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
            lines.append(";; flags: \(flags)")
        }
        if let question = details["question"] {
            lines.append(";; QUESTION: \(question["name"]?.stringValue ?? "") IN \(question["type"]?.stringValue ?? "")")
        }
        for (key, title) in [("answer", "ANSWER"), ("authority", "AUTHORITY"), ("additional", "ADDITIONAL")] {
            guard let records = details[key]?.arrayValue, !records.isEmpty else { continue }
            lines.append("")
            lines.append(";; \(title) SECTION:")
            for record in records {
                let fields = ["name", "ttl", "class", "type", "data"].map { field -> String in
                    guard let value = record[field] else { return "" }
                    return value.stringValue ?? value.numberValue.map { String(Int($0)) } ?? ""
                }
                lines.append(fields.joined(separator: "\t"))
            }
        }
        if let server = details["server"]?.stringValue {
            lines.append("")
            let time = details["queryTime"]?.numberValue.map { String(format: "%.3f ms", $0 * 1000) } ?? "?"
            let transport = details["transport"]?.stringValue ?? "udp"
            let retry = details["truncatedRetry"]?.boolValue == true ? ", truncated over UDP and retried" : ""
            lines.append(";; Query time: \(time); SERVER: \(server) (\(transport)\(retry))")
        }
        for failed in details["failedServers"]?.arrayValue?.compactMap(\.stringValue) ?? [] { lines.append(";; \(failed)") }
        return lines.joined(separator: "\n") + "\n"
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
