import Foundation

/// Counts of results in one time bucket: one cell of a status bar (72 one-hour cells for 72 h).
public struct StatusBucket: Sendable, Codable, Hashable {
    /// Start of the bucket.
    public var start: Date
    /// Up results in the bucket.
    public var up: Int
    /// Degraded results in the bucket.
    public var degraded: Int
    /// Down results in the bucket.
    public var down: Int

    /// Creates a bucket.
    public init(start: Date, up: Int = 0, degraded: Int = 0, down: Int = 0) {
        self.start = start
        self.up = up
        self.degraded = degraded
        self.down = down
    }

    /// All results in the bucket.
    public var total: Int { up + degraded + down }
}

/// Uptime over a window: the share of results that were up or degraded.
public struct UptimeFigure: Sendable, Codable, Hashable {
    /// Results in the window.
    public var checks: Int
    /// Up results.
    public var up: Int
    /// Degraded results.
    public var degraded: Int
    /// Down results.
    public var down: Int

    /// Creates a figure.
    public init(checks: Int, up: Int, degraded: Int, down: Int) {
        self.checks = checks
        self.up = up
        self.degraded = degraded
        self.down = down
    }

    /// Up and degraded results over all results; nil when there were none.
    public var ratio: Double? { checks == 0 ? nil : Double(up + degraded) / Double(checks) }
}
