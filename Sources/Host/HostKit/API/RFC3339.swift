import Foundation

/// RFC 3339 date-times as JSON Schema's `date-time` format means them: `T` or `t` between
/// date and time, any number of fractional digits, `Z`, `z` or an offset up to ±23:59, and a
/// leap second (`:60`). Foundation's ISO 8601 parser refuses some of these (a one-digit
/// fraction with an offset, for one), which schemathesis found.
enum RFC3339 {
    private static var pattern: Regex<(Substring, Substring, Substring, Substring, Substring, Substring, Substring, Substring?, Substring)> {
        /([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,30})?([Zz]|[+-][0-9]{2}:[0-9]{2})/
    }

    /// The instant `text` names, or nil when it is not an RFC 3339 date-time.
    static func parse(_ text: String) -> Date? {
        guard let match = text.wholeMatch(of: pattern),
              let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
              let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6),
              (1...12).contains(month), (1...daysIn(month, year)).contains(day),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var offset = 0
        let zone = match.8
        if zone != "Z" && zone != "z" {
            guard let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2)), hours <= 23, minutes <= 59 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (zone.hasPrefix("-") ? -1 : 1)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        guard let base = calendar.date(from: components) else { return nil }
        let fraction = match.7.flatMap { Double("0" + $0) } ?? 0
        return base.addingTimeInterval(Double(second == 60 ? 1 : 0) + fraction - Double(offset))
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
