import Foundation

/// Parses the date formats registries write: ISO 8601 with or without time, fraction and
/// offset (`2024-08-14T07:01:34.5Z`, `2024-08-14 07:01:34+02:00`, `2024-08-14`), `yyyy.MM.dd`,
/// `yyyy/MM/dd`, `yyyyMMdd`, `dd.MM.yyyy` and `14-Aug-2024`. Dates without an offset are UTC.
public enum RegistryDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// The date, or nil when the text matches no known format or names an impossible day.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count, !range.isEmpty else { return nil }
            var value = 0
            for index in range {
                guard chars[index] >= 0x30 && chars[index] <= 0x39 else { return nil }
                value = value * 10 + Int(chars[index] - 0x30)
            }
            return value
        }
        func isSeparator(_ index: Int) -> Bool { index < chars.count && [0x2D, 0x2E, 0x2F].contains(chars[index]) }
        // yyyy-MM-dd, yyyy.MM.dd, yyyy/MM/dd, with an optional time.
        if let year = number(0..<4), isSeparator(4), let month = number(5..<7), isSeparator(7), let day = number(8..<10) {
            return make(year, month, day, time: chars.count > 10 ? Array(chars[10...]) : [])
        }
        if chars.count == 8 || (chars.count > 8 && chars[8] == 0x20), let year = number(0..<4), let month = number(4..<6), let day = number(6..<8) {
            return make(year, month, day, time: [])
        }
        if let day = number(0..<2), chars.count >= 10, chars[2] == 0x2E, let month = number(3..<5), chars[5] == 0x2E, let year = number(6..<10) {
            return make(year, month, day, time: chars.count > 10 ? Array(chars[10...]) : [])
        }
        if let day = number(0..<2), chars.count >= 11, chars[2] == 0x2D, chars[6] == 0x2D, let year = number(7..<11) {
            let name = String(decoding: chars[3..<6], as: UTF8.self).lowercased()
            guard let month = months.firstIndex(of: name) else { return nil }
            return make(year, month + 1, day, time: chars.count > 11 ? Array(chars[11...]) : [])
        }
        return nil
    }

    /// Builds a UTC date; `time` is what follows the date (`T07:01:34.5Z`, ` 07:01:34`, `+0200`).
    private static func make(_ year: Int, _ month: Int, _ day: Int, time: [UInt8]) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (1900...9999).contains(year) else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86_400
        var rest = time[...]
        if let first = rest.first, first == 0x54 || first == 0x74 || first == 0x20 { rest = rest.dropFirst() }
        let digits = { (slice: ArraySlice<UInt8>) -> Int? in
            guard !slice.isEmpty, slice.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return slice.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        if rest.count >= 5, rest[rest.startIndex + 2] == 0x3A, let hour = digits(rest.prefix(2)),
           let minute = digits(rest.dropFirst(3).prefix(2)), hour < 24, minute < 60 {
            seconds += Double(hour * 3600 + minute * 60)
            rest = rest.dropFirst(5)
            if rest.first == 0x3A, let second = digits(rest.dropFirst().prefix(2)), second < 61 {
                seconds += Double(second)
                rest = rest.dropFirst(3)
            }
            if rest.first == 0x2E || rest.first == 0x2C {
                let fraction = rest.dropFirst().prefix { $0 >= 0x30 && $0 <= 0x39 }
                rest = rest.dropFirst(1 + fraction.count)
            }
            if let sign = rest.first, sign == 0x2B || sign == 0x2D {
                let offset = rest.dropFirst().filter { $0 != 0x3A }
                if offset.count >= 4, let hours = digits(offset.prefix(2)), let minutes = digits(offset.dropFirst(2).prefix(2)) {
                    seconds -= Double(sign == 0x2B ? 1 : -1) * Double(hours * 3600 + minutes * 60)
                }
            }
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
