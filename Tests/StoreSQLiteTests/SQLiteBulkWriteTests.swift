import Foundation
import GRDB
import Kernel
import KernelTesting
import StoreSQLite
import Testing

/// The writer's multi-row statements: full statements of 50 rows plus a remainder, text bound
/// byte for byte (empty text stays empty, not NULL), the later of two states of one monitor
/// winning, and the per-monitor queries reading through the (monitor, time) index.
@Suite("store.sqlite multi-row writes")
struct SQLiteBulkWriteTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-sqlite-bulk-\(UUID())")

    @Test func aBatchOfFullStatementsAndARemainderIsWrittenWhole() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        let store = try SQLiteStore(path: path)
        let tenant = try await Fixtures.tenant(in: store)
        let monitors = (0..<7).map { Fixtures.monitor(tenant: tenant, name: "m\($0)") }
        try await store.monitors.createAll(monitors, tenant: tenant)
        // 123 rows: two statements of 50, one of 23. Every 10th has an empty failure message
        // and text that needs escaping in JSON; every 7th is ad hoc (no monitor).
        let records = (0..<123).map { index in
            var record = Fixtures.record(tenant: tenant, monitor: index % 7 == 0 ? nil : monitors[index % 7].id,
                                         at: Double(index), status: index % 10 == 0 ? .down : .up)
            if index % 10 == 0 { record.result.failure = ProbeFailure(code: "refused", message: "") }
            record.target = "row-\(index) \"quoted\" é"
            return record
        }
        let states = (0..<123).map { index in
            MonitorStateUpdate(tenantID: tenant, monitorID: monitors[index % 7].id,
                               state: MonitorState(status: .up, consecutiveSuccesses: index))
        }
        try await store.checks.commit(CheckBatch(results: records, states: states))

        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT target, failure_message, monitor_id FROM results ORDER BY id")
        }
        #expect(rows.count == 123)
        #expect(rows.map { $0["target"] as String } == records.map(\.target))
        #expect(rows[10]["failure_message"] as String? == "")
        #expect(rows[11]["failure_message"] as String? == nil)
        #expect(rows[7]["monitor_id"] as String? == nil)
        // The last state of each monitor in the batch is the one kept.
        for (offset, monitor) in monitors.enumerated() {
            let last = (0..<123).last { $0 % 7 == offset }!
            #expect(try await store.monitors.state(of: monitor.id, tenant: tenant)?.consecutiveSuccesses == last)
        }
    }

    @Test func perMonitorAndAdHocReadsUseTheirIndexes() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        _ = try SQLiteStore(path: path)
        let plans = try DatabaseQueue(path: path).read { db in
            let monitor = try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT status, COUNT(*) FROM results
                WHERE tenant_id = 't' AND monitor_id = 'm' AND started_at >= 0 GROUP BY status
                """).map { $0["detail"] as String }
            let adHoc = try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT * FROM results WHERE tenant_id = 't' AND monitor_id IS NULL ORDER BY id DESC LIMIT 10
                """).map { $0["detail"] as String }
            return (monitor.joined(separator: "; "), adHoc.joined(separator: "; "))
        }
        #expect(plans.0.contains("USING INDEX results_by_monitor"), "\(plans.0)")
        #expect(plans.1.contains("USING INDEX results_ad_hoc_by_tenant"), "\(plans.1)")
    }
}
