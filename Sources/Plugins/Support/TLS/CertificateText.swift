import Kernel

/// The certificate part of `vantage probe http` and `vantage probe tls`: each certificate of
/// the chain and the verdict, from a result's `certificate` object.
public enum CertificateText {
    /// The lines, without line ends.
    public static func lines(_ certificate: JSONValue) -> [String] {
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

    static func number(_ value: JSONValue?) -> String { value?.numberValue.map { String(Int($0)) } ?? "-" }
}
