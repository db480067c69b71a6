// The dashboard's figures for one tenant of 10,000 monitors with a day of results in
// store.sqlite: read from the hourly rollup and the status counts (what
// /api/v1/dashboard/summary does), against the same figures computed from the results
// themselves: one aggregate over the day's rows, and the per-monitor uptime query a
// dashboard without rollups would run for each monitor.
// Usage: DashboardSummaryBenchmark [monitors=10000] [minutesBetweenResults=10] [DIRECTORY]
import Foundation
import GRDB
import Kernel
import StoreSQLite

let arguments = CommandLine.arguments
let monitorCount = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
let minutes = arguments.count > 2 ? Double(arguments[2]) ?? 10 : 10
let directory = arguments.count > 3 ? URL(fileURLWithPath: arguments[3]) : FileManager.default.temporaryDirectory.appendingPathComponent("vantage-dashboard-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { if arguments.count <= 3 { try? FileManager.default.removeItem(at: directory) } }
let path = directory.appendingPathComponent("store.sqlite").path

let clock = ContinuousClock()
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

let store = try SQLiteStore(path: path)
let tenant = Tenant(name: "bench")
try await store.tenants.create(tenant)
let monitors = (0..<monitorCount).map { index in
    Monitor(tenantID: tenant.id, name: "m\(index)", kind: "tcp", target: "198.51.100.\(index % 250):443", interval: minutes * 60, timeout: 5)
}
try await store.monitors.createAll(monitors, tenant: tenant.id)
try await store.monitors.saveStates(monitors.enumerated().map { index, monitor in
    MonitorStateUpdate(tenantID: tenant.id, monitorID: monitor.id, state: MonitorState(status: index % 50 == 0 ? .down : .up))
})
let now = Date()
let rounds = Int(24 * 60 / minutes)
var written = 0
let writing = clock.now
for round in 0..<rounds {
    let at = now.addingTimeInterval(-86_400 + Double(round) * minutes * 60)
    let records = monitors.enumerated().map { index, monitor in
        let down = (index + round) % 97 == 0
        return ResultRecord(tenantID: tenant.id, monitorID: monitor.id, kind: "tcp", target: monitor.target, startedAt: at.addingTimeInterval(Double(index % 600) / 10),
                            duration: 0.02, result: down ? .down(ProbeFailure(code: "refused", message: "refused"))
                                                         : ProbeResult(status: .up, latency: 0.010 + Double(index % 40) / 1000))
    }
    for start in stride(from: 0, to: records.count, by: 5000) { try await store.results.append(Array(records[start..<min(start + 5000, records.count)])) }
    written += records.count
}
let writeSeconds = seconds(clock.now - writing)
print(String(format: "setup: %d monitors, %d results over 24 h written in %.1f s (%.0f results/s, rollup included)", monitorCount, written, writeSeconds,
             Double(written) / writeSeconds))

/// Runs `body` `times` times; returns the median and the slowest, in milliseconds.
func measure(_ times: Int, _ body: () async throws -> Void) async rethrows -> (median: Double, max: Double) {
    var samples: [Double] = []
    for _ in 0..<times {
        let start = clock.now
        try await body()
        samples.append(seconds(clock.now - start) * 1000)
    }
    samples.sort()
    return (samples[samples.count / 2], samples.last ?? 0)
}

let since = now.addingTimeInterval(-86_400)
var tally = CheckTally()
let rollup = try await measure(50) {
    _ = try await store.dashboard.monitorStatusCounts(tenant: tenant.id)
    tally = try await store.dashboard.checkTally(tenant: tenant.id, since: since)
}
print(String(format: "rollup: status counts + 24 h tally: median %.2f ms, max %.2f ms (uptime %.4f over %d checks)", rollup.median, rollup.max,
             tally.uptime ?? 0, tally.checks))

let pool = try DatabasePool(path: path)
var scanned = 0
let scan = try await measure(5) {
    scanned = try await pool.read { db in
        try Int.fetchOne(db, sql: """
            SELECT SUM(n) FROM (SELECT status, maintenance, COUNT(*) AS n, SUM(latency), COUNT(latency) FROM results
            WHERE tenant_id = ? AND monitor_id IS NOT NULL AND started_at >= ? GROUP BY 1, 2)
            """, arguments: [tenant.id.description, since.timeIntervalSince1970]) ?? 0
    }
}
print(String(format: "results scan: the same figures aggregated from %d result rows: median %.1f ms, max %.1f ms", scanned, scan.median, scan.max))

let perMonitor = try await measure(1) {
    for monitor in monitors { _ = try await store.results.uptime(tenant: tenant.id, monitor: monitor.id, since: since) }
}
print(String(format: "per-monitor uptime: %d ResultRepository.uptime calls: %.0f ms", monitorCount, perMonitor.median))
