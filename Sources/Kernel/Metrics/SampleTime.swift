import Foundation

/// Sample times as stores keep them: Unix milliseconds.
public enum SampleTime {
    /// `date` in whole milliseconds since 1970, rounded.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000).rounded()) }

    /// The date of `milliseconds` since 1970.
    public static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1_000) }
}
