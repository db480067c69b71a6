/// One reply of an SMTP server: its code and its lines' text (a multi-line reply, `250-…`
/// then `250 …`, is one reply).
struct SMTPReply: Sendable, Hashable {
    /// The three-digit code.
    var code: Int
    /// The text of every line, without the code.
    var lines: [String]

    /// The text on one line.
    var text: String { lines.joined(separator: " ") }

    /// 2xx and 3xx.
    var isPositive: Bool { (200..<400).contains(code) }
}

/// Splits the bytes of an SMTP session into replies: lines end in CRLF (a bare LF is taken
/// too), `NNN-` continues a reply and `NNN ` (or a bare `NNN`) ends it. A line that is not a
/// reply, or a reply longer than 64 KiB, is an error.
struct SMTPReplyParser {
    private var buffer: [UInt8] = []
    private var pending: [String] = []
    private var pendingCode: Int?

    /// Feeds bytes; returns the replies they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(SMTPProtocolError) -> [SMTPReply] {
        buffer.append(contentsOf: bytes)
        var replies: [SMTPReply] = []
        while let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<end])
            buffer.removeSubrange(...end)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.count >= 3, let code = Int(String(decoding: line[0..<3], as: UTF8.self)), (200...599).contains(code) else {
                throw SMTPProtocolError(message: "the server sent a line that is not an SMTP reply: \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            if let pendingCode, pendingCode != code { throw SMTPProtocolError(message: "a multi-line reply changed its code from \(pendingCode) to \(code)") }
            let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
            let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
            pending.append(text)
            if separator == UInt8(ascii: "-") {
                pendingCode = code
            } else {
                replies.append(SMTPReply(code: code, lines: pending))
                pending = []
                pendingCode = nil
            }
        }
        if buffer.count + pending.reduce(0, { $0 + $1.utf8.count }) > 65_536 { throw SMTPProtocolError(message: "a reply longer than 64 KiB") }
        return replies
    }
}

/// The server broke the protocol.
struct SMTPProtocolError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}
