#if canImport(Kernel)
import Kernel
#endif

/// Small helpers every `/proc` parser shares: lines (LF, CRLF or a lone CR, through the
/// Kernel's `TextLines`), whitespace-separated fields and counters that are never negative.
enum ProcText {
    /// Text larger than this is refused: no `/proc` file a collector reads comes near it
    /// (`/proc/stat` of a 1,024-core machine is about 100 KiB).
    static let maximumBytes = 8 << 20

    /// The lines of `text`, refusing text that no real file is as large as.
    static func lines(_ text: some StringProtocol, file: String) throws -> [Substring] {
        guard text.utf8.count <= maximumBytes else {
            throw ProcParseError(file: file, message: "is larger than \(maximumBytes >> 20) MiB")
        }
        return TextLines.split(text)
    }

    /// Fields separated by spaces or tabs, empty ones dropped.
    /// Split on bytes, not characters: grapheme breaking costs more than the parsing, and a
    /// space or tab is always a boundary of its own in these files.
    static func fields(_ line: Substring) -> [Substring] {
        line.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { Substring($0) }
    }

    /// Lines split on LF and CR bytes, empty ones dropped: for files read line by line where
    /// only some lines matter (`/proc/[pid]/status`), faster than `lines` on long files.
    static func byteLines(_ text: Substring) -> [Substring] {
        text.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).map { Substring($0) }
    }

    /// A counter: decimal digits only, at most 20 of them, within `UInt64`.
    static func counter(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(text)
    }

    /// A decimal number such as `0.20` or `350735.47` (no exponent, no sign, no `nan`).
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 32,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }),
              text.utf8.filter({ $0 == 0x2E }).count <= 1 else { return nil }
        return Double(text)
    }

    /// Text trimmed of spaces and tabs at both ends.
    static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
