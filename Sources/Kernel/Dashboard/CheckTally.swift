import Foundation

/// Monitor checks counted together: by status, with their latencies summed, as the stores
/// keep them per tenant and hour (the dashboard's rollup) so a tenant's last 24 hours are
/// 25 rows, whatever its number of monitors.
public struct CheckTally: Sendable, Hashable, Codable {
    /// Checks that were up.
    public var up: Int
    /// Checks that were degraded.
    public var degraded: Int
    /// Checks that were down.
    public var down: Int
    /// Checks taken during maintenance (counted only here).
    public var maintenance: Int
    /// The sum of the latencies (seconds) of the checks that had one.
    public var latencySum: Double
    /// How many checks had a latency.
    public var latencyCount: Int

    /// Creates a tally.
    public init(up: Int = 0, degraded: Int = 0, down: Int = 0, maintenance: Int = 0, latencySum: Double = 0, latencyCount: Int = 0) {
        self.up = up
        self.degraded = degraded
        self.down = down
        self.maintenance = maintenance
        self.latencySum = latencySum
        self.latencyCount = latencyCount
    }

    /// Checks outside maintenance.
    public var checks: Int { up + degraded + down }
    /// The share of checks outside maintenance that were not down, 0 to 1; nil without checks.
    public var uptime: Double? { checks == 0 ? nil : Double(up + degraded) / Double(checks) }
    /// The mean latency in seconds; nil without latencies.
    public var averageLatency: Double? { latencyCount == 0 ? nil : latencySum / Double(latencyCount) }

    /// Adds one check.
    public mutating func add(status: ProbeStatus, latency: Double?, maintenance inMaintenance: Bool) {
        if inMaintenance {
            maintenance += 1
        } else {
            switch status {
            case .up: up += 1
            case .degraded: degraded += 1
            case .down: down += 1
            }
        }
        if let latency, latency.isFinite {
            latencySum += latency
            latencyCount += 1
        }
    }

    /// The monitor results of `records` (ad-hoc runs left out) tallied per tenant and hour
    /// (Unix seconds / 3600): what a store adds to its rollup in the transaction that stores them.
    public static func hourly(_ records: [ResultRecord]) -> [TenantHour: CheckTally] {
        var tallies: [TenantHour: CheckTally] = [:]
        for record in records where record.monitorID != nil {
            let key = TenantHour(tenantID: record.tenantID, hour: Int64((record.startedAt.timeIntervalSince1970 / 3600).rounded(.down)))
            tallies[key, default: CheckTally()].add(status: record.result.status, latency: record.result.latency, maintenance: record.maintenance)
        }
        return tallies
    }
}

/// A tenant's hour: Unix seconds / 3600, rounded down.
public struct TenantHour: Sendable, Hashable {
    /// The tenant.
    public var tenantID: TenantID
    /// The hour.
    public var hour: Int64

    /// Creates a key.
    public init(tenantID: TenantID, hour: Int64) {
        self.tenantID = tenantID
        self.hour = hour
    }
}
