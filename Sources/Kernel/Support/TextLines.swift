/// Splits text from the network or the file system into lines, whatever ends them: LF (Unix,
/// `/proc`), CRLF (RFC 3912 WHOIS, SMTP, HTTP) or a lone CR.
///
/// Splitting a Swift `String` on `"\n"` or `"\r"` misses CRLF: `"\r\n"` is one `Character`
/// (one grapheme cluster), equal to neither. This works on Unicode scalars instead, so every
/// parser of line-based text reads CRLF and LF answers alike.
public enum TextLines {
    /// The lines of `text`, without their terminators. A terminator at the very end does not
    /// start an empty last line; empty lines inside the text are kept unless
    /// `omittingEmpty` is true.
    public static func split(_ text: some StringProtocol, omittingEmpty: Bool = false) -> [Substring] {
        let whole = Substring(text)
        let scalars = whole.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "\n" || scalar == "\r" else {
                index = scalars.index(after: index)
                continue
            }
            let line = Substring(scalars[start..<index])
            if !(omittingEmpty && line.isEmpty) { lines.append(line) }
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            start = index
        }
        if start < scalars.endIndex { lines.append(Substring(scalars[start..<scalars.endIndex])) }
        return lines
    }
}
