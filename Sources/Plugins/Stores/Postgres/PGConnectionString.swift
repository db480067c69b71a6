import CLibPQ
import Foundation

/// Reading connection strings for messages without leaking what they hide.
enum PGConnectionString {
    /// The non-secret settings of a valid string, as `key=value` pairs.
    static func display(_ conninfo: String) -> String {
        guard let options = PQconninfoParse(conninfo, nil) else { return "(unparsable connection string)" }
        defer { PQconninfoFree(options) }
        var shown: [String] = []
        let wanted = ["host", "hostaddr", "port", "dbname", "user", "sslmode", "target_session_attrs", "service"]
        var index = 0
        while let keyword = options[index].keyword {
            let name = String(cString: keyword)
            if wanted.contains(name), let value = options[index].val {
                shown.append("\(name)=\(String(cString: value))")
            }
            index += 1
        }
        return shown.isEmpty ? "(libpq defaults)" : shown.joined(separator: " ")
    }

    /// `message` with any part of the string's password replaced by `***`: libpq's parse errors
    /// quote the offending token, which may be the password itself.
    static func scrub(_ message: String, of conninfo: String) -> String {
        var secrets: [String] = []
        if let scheme = conninfo.range(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") { secrets.append(String(userinfo[userinfo.index(after: colon)...])) }
            }
            if let query = rest.firstIndex(of: "?") {
                for pair in rest[rest.index(after: query)...].split(separator: "&") where pair.hasPrefix("password=") {
                    secrets.append(String(pair.dropFirst("password=".count)))
                }
            }
        }
        if let range = conninfo.range(of: #"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)"#, options: .regularExpression) {
            let value = conninfo[range].split(separator: "=", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            secrets.append(value)
            secrets.append(value.trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        }
        var scrubbed = message
        for secret in secrets where !secret.isEmpty {
            scrubbed = scrubbed.replacingOccurrences(of: secret, with: "***")
        }
        return scrubbed
    }
}
