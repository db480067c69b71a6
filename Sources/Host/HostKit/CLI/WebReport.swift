import Kernel

/// The text `vantage probe http` and `vantage probe tls` print before the summary line: the
/// response and its phase timings, and the certificate chain.
enum WebReport {
    /// `HTTP 200 OK  https://...` with redirects, timings, and the certificate if any.
    static func http(_ details: [String: JSONValue]) -> String {
        var lines: [String] = []
        for hop in details["redirects"]?.arrayValue ?? [] {
            lines.append("\(number(hop["statusCode"]))  \(hop["url"]?.stringValue ?? "") → \(hop["location"]?.stringValue ?? "")")
        }
        if let status = details["statusCode"]?.numberValue {
            lines.append("\(Int(status)) \(details["reason"]?.stringValue ?? "")  \(details["url"]?.stringValue ?? "")")
        }
        if let timings = details["timings"] {
            let phases = ["dns", "connect", "tls", "firstByte", "transfer", "total"].map { phase in
                "\(phase) \(milliseconds(timings[phase]))"
            }
            lines.append("  " + phases.joined(separator: "  "))
        }
        if let bytes = details["bodyBytes"]?.numberValue {
            let cut = details["truncated"]?.boolValue == true ? " (stopped at maxBodyBytes)" : ""
            lines.append("  body \(Int(bytes)) bytes\(cut)")
        }
        for check in details["assertions"]?.arrayValue ?? [] where check["passed"]?.boolValue == false {
            lines.append("  ✗ \(check["check"]?.stringValue ?? ""): \(check["reason"]?.stringValue ?? "")")
        }
        if let version = details["tlsVersion"]?.stringValue { lines.append("  \(version)") }
        if let certificate = details["certificate"] { lines += self.certificate(certificate) }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The connection and chain of a `probe.tls` result.
    static func tls(_ details: [String: JSONValue]) -> String {
        var lines: [String] = []
        if let version = details["tlsVersion"]?.stringValue {
            lines.append("\(version)  \(details["cipher"]?.stringValue ?? "")  SNI \(details["serverName"]?.stringValue ?? "-")")
        }
        if let certificate = details["certificate"] { lines += self.certificate(certificate) }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func certificate(_ certificate: JSONValue) -> [String] {
        var lines: [String] = []
        for (index, entry) in (certificate["chain"]?.arrayValue ?? []).enumerated() {
            let key = entry["publicKey"]
            let keyText = "\(key?["type"]?.stringValue ?? "?") \(number(key?["bits"]))" + (key?["curve"]?.stringValue.map { " \($0)" } ?? "")
            lines.append(" \(index)  \(entry["subject"]?.stringValue ?? "")")
            lines.append("    issuer   \(entry["issuer"]?.stringValue ?? "")")
            let names = entry["subjectAlternativeNames"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !names.isEmpty { lines.append("    names    \(names.joined(separator: ", "))") }
            lines.append("    valid    \(entry["notBefore"]?.stringValue ?? "") → \(entry["notAfter"]?.stringValue ?? "")")
            lines.append("    key      \(keyText), \(entry["signatureAlgorithm"]?.stringValue ?? ""), serial \(entry["serialNumber"]?.stringValue ?? "")")
        }
        let trusted = certificate["trusted"]?.boolValue == true ? "trusted" : "NOT trusted (\(certificate["trustError"]?.stringValue ?? ""))"
        let matches = certificate["hostnameMatches"]?.boolValue == true ? "name matches" : "name does NOT match"
        lines.append("  \(trusted) by \(certificate["trustAnchors"]?.stringValue ?? "system"), \(matches), expires in \(number(certificate["daysLeft"])) days")
        return lines
    }

    private static func number(_ value: JSONValue?) -> String { value?.numberValue.map { String(Int($0)) } ?? "-" }

    private static func milliseconds(_ value: JSONValue?) -> String {
        guard let seconds = value?.numberValue else { return "-" }
        return String(format: "%.1f ms", seconds * 1000)
    }
}
