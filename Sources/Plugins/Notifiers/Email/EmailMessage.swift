import Foundation
import Kernel

/// An alert as an email: RFC 5322 headers (Date, Message-ID, encoded Subject, From, To) and
/// a multipart/alternative body with a plain-text and an HTML part, both UTF-8 in base64,
/// with lines in CRLF.
struct EmailMessage: Sendable {
    var from: String
    var to: [String]
    var subject: String
    var text: String
    var html: String
    var messageID: String
    var date: Date
    var alertID: String

    /// The message of `alert` from `from` to `to`.
    init(alert: Alert, from: String, to: [String], date: Date = Date()) {
        self.from = from
        self.to = to
        self.date = date
        alertID = alert.id.uuidString.lowercased()
        let domain = from.split(separator: "@").last.map(String.init) ?? "vantage.invalid"
        messageID = "<\(alertID).\(Int(date.timeIntervalSince1970))@\(domain)>"
        subject = "[\(alert.severity.rawValue.uppercased())] \(alert.title)"
        var lines = [alert.title, "", alert.message, ""]
        if let monitor = alert.monitor {
            lines += ["Monitor:  \(monitor.name)", "Target:   \(monitor.target)", "Type:     \(monitor.kind)"]
        }
        if let status = alert.status { lines.append("Status:   \(status.rawValue)") }
        lines.append("Severity: \(alert.severity.rawValue)")
        lines.append("Time:     \(Self.iso(alert.occurredAt))")
        if let link = alert.link { lines += ["", link] }
        lines += ["", "-- ", "Vantage alert \(alertID)"]
        text = lines.joined(separator: "\r\n")
        var rows = ""
        if let monitor = alert.monitor {
            rows += Self.row("Monitor", monitor.name) + Self.row("Target", monitor.target) + Self.row("Type", monitor.kind)
        }
        if let status = alert.status { rows += Self.row("Status", status.rawValue) }
        rows += Self.row("Severity", alert.severity.rawValue) + Self.row("Time", Self.iso(alert.occurredAt))
        let link = alert.link.map { "<p><a href=\"\(Self.escape($0))\">Open in Vantage</a></p>" } ?? ""
        html = """
            <!DOCTYPE html><html><body style="font-family:sans-serif">\
            <h2>\(Self.escape(alert.title))</h2><p>\(Self.escape(alert.message))</p>\
            <table cellpadding="4">\(rows)</table>\(link)\
            <p style="color:#888;font-size:small">Vantage alert \(alertID)</p></body></html>
            """
    }

    /// The message as sent after DATA, dot-stuffed, ending in CRLF.CRLF.
    func data() -> [UInt8] {
        let boundary = "vantage-\(alertID)"
        var lines = [
            "Date: \(Self.rfc5322(date))",
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedWord(subject))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "X-Vantage-Alert-Id: \(alertID)",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
        ]
        lines += Self.base64Lines(text)
        lines += ["--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", ""]
        lines += Self.base64Lines(html)
        lines += ["--\(boundary)--"]
        // Base64 lines never start with a dot; a header could, so stuff every line anyway.
        let body = lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
        return Array((body + "\r\n.\r\n").utf8)
    }

    /// `=?UTF-8?B?…?=` words for a header with anything but printable ASCII, each at most
    /// 75 characters (RFC 2047), never splitting a character.
    static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !(0x20...0x7E).contains($0.value) }) else { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<encoded.index(from, offsetBy: min(76, encoded.count - start))])
        }
    }

    /// `Fri, 04 Dec 2026 19:56:12 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    static func row(_ label: String, _ value: String) -> String { "<tr><th align=\"left\">\(escape(label))</th><td>\(escape(value))</td></tr>" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
