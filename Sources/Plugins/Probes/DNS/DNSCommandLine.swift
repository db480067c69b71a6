import Kernel

/// How `vantage probe dns` is shown: `NAME TYPE`, `--server` and `--tcp`, and dig's sections.
extension DNSProbe: ReportingProbe {
    public static var commandLineArgument: ProbeArgument? {
        ProbeArgument("TYPE", option: "type", help: "The record type (A, AAAA, CNAME, MX, NS, TXT, SOA, SRV, CAA, PTR, DNSKEY, DS; option `type`).")
    }

    public static var commandLineFlags: [ProbeFlag] {
        [.value("server", option: "servers", as: .stringList, help: "The server to ask, HOST[:PORT] (option `servers`)."),
         .switch("tcp", option: "transport", value: .string("tcp"), help: "Query over TCP only (option `transport`).")]
    }

    public static func makeReport() -> any ProbeReport { DNSTextReport() }
}

/// dig's output: the header, the sections and the query time.
struct DNSTextReport: ProbeReport {
    func finish(_ record: ResultRecord, interactive: Bool) -> String {
        let details = record.result.details.objectValue ?? [:]
        guard details["rcode"] != nil || details["question"] != nil || details["server"] != nil else { return "" }
        return Self.dns(details)
    }

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
}
