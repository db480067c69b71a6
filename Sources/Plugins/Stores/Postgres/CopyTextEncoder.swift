import Foundation

/// Rows in the text format of `COPY ... FROM STDIN`: tab-separated fields, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped; timestamps as UTC text.
struct CopyTextEncoder {
    private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// A text field, or NULL.
    mutating func text(_ value: String?) {
        separate()
        guard let value else { bytes += [0x5c, 0x4e]; return }
        for byte in value.utf8 {
            switch byte {
            case 0x5c: bytes += [0x5c, 0x5c]
            case 0x09: bytes += [0x5c, 0x74]
            case 0x0a: bytes += [0x5c, 0x6e]
            case 0x0d: bytes += [0x5c, 0x72]
            case 0x00: bytes += [0xef, 0xbf, 0xbd]
            default: bytes.append(byte)
            }
        }
    }

    /// A number field (`Double` or `Int` text needs no escaping), or NULL.
    mutating func number(_ value: String?) {
        separate()
        if let value { bytes += value.utf8 } else { bytes += [0x5c, 0x4e] }
    }

    /// A `timestamptz` field: `2026-11-23 21:50:30.123456+00`.
    mutating func timestamp(_ date: Date) {
        separate()
        let seconds = date.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        var micros = Int(((seconds - Double(whole)) * 1_000_000).rounded())
        if micros >= 1_000_000 { whole += 1; micros -= 1_000_000 }
        var parts = tm()
        gmtime_r(&whole, &parts)
        digits(Int(parts.tm_year) + 1900, 4); bytes.append(0x2d)
        digits(Int(parts.tm_mon) + 1, 2); bytes.append(0x2d)
        digits(Int(parts.tm_mday), 2); bytes.append(0x20)
        digits(Int(parts.tm_hour), 2); bytes.append(0x3a)
        digits(Int(parts.tm_min), 2); bytes.append(0x3a)
        digits(Int(parts.tm_sec), 2); bytes.append(0x2e)
        digits(micros, 6)
        bytes += [0x2b, 0x30, 0x30]
    }

    /// Ends the current row.
    mutating func endRow() {
        bytes.append(0x0a)
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(0x09) }
        fieldsInRow += 1
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(0x30 + (rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
