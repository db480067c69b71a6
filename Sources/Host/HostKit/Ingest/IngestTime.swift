import Foundation
import Kernel

/// A time in an ingested record: ISO 8601 text (`2026-12-05T10:00:00Z`, with or without
/// fractions) or Unix seconds as a number, as producers send it.
enum IngestTime {
    /// The time of `value`; throws `ValidationError` naming `field`.
    static func parse(_ value: JSONValue, field: String) throws -> Date {
        switch value {
        case .string(let text):
            guard let date = APIEncoding.parseDate(text) else { throw ValidationError(field: field, "expected an ISO 8601 time or Unix seconds") }
            return try plausible(date, field: field)
        case .number(let seconds):
            guard seconds.isFinite else { throw ValidationError(field: field, "expected an ISO 8601 time or Unix seconds") }
            return try plausible(Date(timeIntervalSince1970: seconds), field: field)
        default:
            throw ValidationError(field: field, "expected an ISO 8601 time or Unix seconds")
        }
    }

    /// Times from 2000 to a day ahead of this server's clock: anything else is a producer's
    /// bug (milliseconds sent as seconds), not a measurement.
    private static func plausible(_ date: Date, field: String) throws -> Date {
        guard date >= Date(timeIntervalSince1970: 946_684_800), date <= Date().addingTimeInterval(86_400) else {
            throw ValidationError(field: field, "must be between 2000-01-01 and a day from now (milliseconds sent as seconds?)")
        }
        return date
    }
}
