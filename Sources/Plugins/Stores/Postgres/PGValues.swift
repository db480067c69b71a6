import Foundation
import Kernel

/// Text forms of parameter values, and SQL fragments for the columns stored as `timestamptz`
/// (sent as epoch seconds through `to_timestamp`, read back through `extract(epoch ...)`).
enum PGValues {
    /// Epoch seconds as text.
    static func epoch(_ date: Date) -> String { String(date.timeIntervalSince1970) }
    /// Optional epoch seconds as text.
    static func epoch(_ date: Date?) -> String? { date.map(epoch) }
    /// `true`/`false`.
    static func bool(_ value: Bool) -> String { value ? "t" : "f" }
    /// Selects a `timestamptz` column as epoch seconds under its own name.
    static func epochColumn(_ column: String, from table: String? = nil) -> String {
        "extract(epoch from \(table.map { "\($0)." } ?? "")\(column))::float8 AS \(column)"
    }

    /// JSON text that `jsonb` accepts: it refuses the escaped NUL character (`\u0000`), which
    /// becomes U+FFFD; every other escape is kept.
    static func jsonb(_ text: String) -> String {
        guard text.contains("\\u0000") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\\" {
                let next = text.index(after: index)
                if text[next...].hasPrefix("u0000") {
                    out += "\\ufffd"
                    index = text.index(next, offsetBy: 5)
                    continue
                }
                out.append(character)
                if next < text.endIndex { out.append(text[next]) }
                index = next < text.endIndex ? text.index(after: next) : next
                continue
            }
            out.append(character)
            index = text.index(after: index)
        }
        return out
    }

    /// Text that a `text` column accepts: NUL becomes U+FFFD.
    static func text(_ value: String) -> String {
        value.utf8.contains(0) ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }
}
