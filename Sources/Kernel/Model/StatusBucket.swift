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
    /// Results taken during a maintenance window (whatever their status; not in the others).
    public var maintenance: Int

    /// Creates a bucket.
    public init(start: Date, up: Int = 0, degraded: Int = 0, down: Int = 0, maintenance: Int = 0) {
        self.start = start
        self.up = up
        self.degraded = degraded
        self.down = down
        self.maintenance = maintenance
    }

    /// All results in the bucket, maintenance included.
    public var total: Int { up + degraded + down + maintenance }
}

/// Uptime over a window: the share of results that were up or degraded, results taken during
/// maintenance left out.
public struct UptimeFigure: Sendable, Codable, Hashable {
    /// Results in the window, maintenance left out.
    public var checks: Int
    /// Up results.
    public var up: Int
    /// Degraded results.
    public var degraded: Int
    /// Down results.
    public var down: Int
    /// Results taken during a maintenance window (not in `checks`).
    public var maintenance: Int

    /// Creates a figure.
    public init(checks: Int, up: Int, degraded: Int, down: Int, maintenance: Int = 0) {
        self.checks = checks
        self.up = up
        self.degraded = degraded
        self.down = down
        self.maintenance = maintenance
    }

    /// Up and degraded results over all results; nil when there were none.
    public var ratio: Double? { checks == 0 ? nil : Double(up + degraded) / Double(checks) }
}
