import Foundation

/// When a maintenance window applies: once, between two instants; or recurring, on chosen
/// weekdays (every day when none) at a local time of a named time zone, for a duration. A
/// recurrence can also be written as an RRULE subset (`FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=30`).
public struct MaintenanceSchedule: Sendable, Codable, Hashable {
    /// For a one-off window: its start.
    public var start: Date?
    /// For a one-off window: its end.
    public var end: Date?
    /// For a recurring window: the weekdays (`mon` … `sun`); empty or nil means every day.
    public var days: [Weekday]?
    /// For a recurring window: the local start time, `HH:MM`.
    public var time: String?
    /// For a recurring window: how long it lasts, in minutes (at most a week).
    public var durationMinutes: Double?
    /// For a recurring window: an RRULE subset instead of `days` and `time`: FREQ=DAILY or
    /// WEEKLY, BYDAY, BYHOUR, BYMINUTE.
    public var rrule: String?
    /// The IANA time zone of a recurring window's times (`Europe/Berlin`); default UTC.
    public var timeZone: String?

    /// A day of the week.
    public enum Weekday: String, Sendable, Codable, Hashable, CaseIterable {
        case sun, mon, tue, wed, thu, fri, sat
        /// The Gregorian calendar's weekday number (Sunday is 1).
        var number: Int { Self.allCases.firstIndex(of: self)! + 1 }
    }

    /// A one-off window.
    public static func once(from start: Date, to end: Date) -> MaintenanceSchedule {
        MaintenanceSchedule(start: start, end: end)
    }

    /// A recurring window.
    public static func recurring(days: [Weekday], at time: String, minutes: Double, timeZone: String = "UTC") -> MaintenanceSchedule {
        MaintenanceSchedule(days: days, time: time, durationMinutes: minutes, timeZone: timeZone)
    }

    /// Creates a schedule; `validate()` tells whether it is complete.
    public init(start: Date? = nil, end: Date? = nil, days: [Weekday]? = nil, time: String? = nil, durationMinutes: Double? = nil,
                rrule: String? = nil, timeZone: String? = nil) {
        self.start = start
        self.end = end
        self.days = days
        self.time = time
        self.durationMinutes = durationMinutes
        self.rrule = rrule
        self.timeZone = timeZone
    }

    private enum CodingKeys: String, CodingKey { case start, end, days, time, durationMinutes, rrule, timeZone }

    /// `start` and `end` are RFC 3339 text (`2026-12-06T02:00:00Z`) in JSON, as the API
    /// writes every time.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func instant(_ key: CodingKeys) throws -> Date? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = Self.parseInstant(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\"\(text)\" is not an RFC 3339 time such as 2026-12-06T02:00:00Z")
            }
            return date
        }
        start = try instant(.start)
        end = try instant(.end)
        days = try container.decodeIfPresent([Weekday].self, forKey: .days)
        time = try container.decodeIfPresent(String.self, forKey: .time)
        durationMinutes = try container.decodeIfPresent(Double.self, forKey: .durationMinutes)
        rrule = try container.decodeIfPresent(String.self, forKey: .rrule)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(start.map(Self.instantText), forKey: .start)
        try container.encodeIfPresent(end.map(Self.instantText), forKey: .end)
        try container.encodeIfPresent(days, forKey: .days)
        try container.encodeIfPresent(time, forKey: .time)
        try container.encodeIfPresent(durationMinutes, forKey: .durationMinutes)
        try container.encodeIfPresent(rrule, forKey: .rrule)
        try container.encodeIfPresent(timeZone, forKey: .timeZone)
    }

    static func parseInstant(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }

    static func instantText(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Throws `ValidationError` naming the field (relative to the schedule) that is missing,
    /// malformed or contradictory.
    public func validate() throws {
        if start != nil || end != nil {
            guard let start, let end else { throw ValidationError(field: start == nil ? "start" : "end", "a one-off window needs both start and end") }
            guard end > start else { throw ValidationError(field: "end", "must be after start") }
            guard days == nil, time == nil, rrule == nil, durationMinutes == nil else {
                throw ValidationError(field: "start", "a window is either one-off (start, end) or recurring (days, time, durationMinutes, or rrule), not both")
            }
            return
        }
        guard let minutes = durationMinutes else { throw ValidationError(field: "durationMinutes", "a recurring window needs durationMinutes (or give start and end for a one-off window)") }
        guard minutes > 0, minutes <= 7 * 24 * 60 else { throw ValidationError(field: "durationMinutes", "must be more than 0 and at most 10080 (a week)") }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError(field: "timeZone", "\"\(timeZone)\" is not an IANA time zone name") }
        if rrule != nil {
            guard days == nil, time == nil else { throw ValidationError(field: "rrule", "give either rrule or days and time, not both") }
        } else if time == nil {
            throw ValidationError(field: "time", "a recurring window needs time (HH:MM) or rrule")
        }
        _ = try recurrence()
    }

    /// Whether the window is open at `date`. An incomplete schedule is never open.
    public func isActive(at date: Date) -> Bool {
        if let start, let end { return start <= date && date < end }
        guard let minutes = durationMinutes, let rule = try? recurrence(),
              let zone = TimeZone(identifier: timeZone ?? "UTC") else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: date)
        // Every start on this local day or the days before that could still be running.
        for back in 0...Int((minutes / 1440).rounded(.up)) {
            guard let day = calendar.date(byAdding: .day, value: -back, to: today) else { continue }
            if !rule.days.isEmpty, !rule.days.contains(calendar.component(.weekday, from: day)) { continue }
            guard let opens = calendar.date(bySettingHour: rule.hour, minute: rule.minute, second: 0, of: day) else { continue }
            if opens <= date && date < opens.addingTimeInterval(minutes * 60) { return true }
        }
        return false
    }

    /// Days (Gregorian weekday numbers; empty for every day) and the local time of a start.
    struct Recurrence { var days: Set<Int>; var hour: Int; var minute: Int }

    func recurrence() throws -> Recurrence {
        if let rrule { return try Self.parse(rrule: rrule) }
        guard let time else { throw ValidationError(field: "time", "missing") }
        let parts = time.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else {
            throw ValidationError(field: "time", "\"\(time)\" is not a time of day as HH:MM")
        }
        return Recurrence(days: Set((days ?? []).map(\.number)), hour: hour, minute: minute)
    }

    static func parse(rrule: String) throws -> Recurrence {
        var fields: [String: String] = [:]
        for part in rrule.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { throw ValidationError(field: "rrule", "\"\(part)\" is not NAME=VALUE") }
            fields[pair[0].uppercased()] = pair[1].uppercased()
        }
        let supported: Set<String> = ["FREQ", "BYDAY", "BYHOUR", "BYMINUTE", "INTERVAL"]
        if let other = fields.keys.sorted().first(where: { !supported.contains($0) }) {
            throw ValidationError(field: "rrule", "\(other) is not supported: use FREQ (DAILY or WEEKLY), BYDAY, BYHOUR, BYMINUTE")
        }
        guard let frequency = fields["FREQ"], frequency == "DAILY" || frequency == "WEEKLY" else {
            throw ValidationError(field: "rrule", "FREQ must be DAILY or WEEKLY")
        }
        if let interval = fields["INTERVAL"], interval != "1" { throw ValidationError(field: "rrule", "only INTERVAL=1 is supported") }
        let names = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
        var days = Set<Int>()
        for name in (fields["BYDAY"] ?? "").split(separator: ",") {
            guard let index = names.firstIndex(of: String(name)) else { throw ValidationError(field: "rrule", "BYDAY \(name) is not SU, MO, TU, WE, TH, FR or SA") }
            days.insert(index + 1)
        }
        guard let hour = Int(fields["BYHOUR"] ?? "0"), (0..<24).contains(hour) else { throw ValidationError(field: "rrule", "BYHOUR must be 0 to 23") }
        guard let minute = Int(fields["BYMINUTE"] ?? "0"), (0..<60).contains(minute) else { throw ValidationError(field: "rrule", "BYMINUTE must be 0 to 59") }
        return Recurrence(days: days, hour: hour, minute: minute)
    }
}
