import Foundation
import GRDBSQLite
import Kernel
import KernelTesting
import StoreSQLite

// Result rows/s written through store.sqlite (batches of 1,000, as the scheduler's writer
// does) beside a raw, batched sqlite3 insert of the same rows into the same schema, in the
// same run. Usage: StoreWriteBenchmark [rows] [batch]

let arguments = CommandLine.arguments
let rowCount = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let batchSize = arguments.count > 2 ? Int(arguments[2]) ?? 1_000 : 1_000
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let tenant = TenantID.random()
let records = Fixtures.benchmarkRecords(count: rowCount, tenant: tenant)

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let began = clock.now
    try await body()
    let elapsed = clock.now - began
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

// 1. Through the store.
let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
let storeSeconds = try await seconds {
    var index = 0
    while index < records.count {
        try await store.results.append(Array(records[index..<min(index + batchSize, records.count)]))
        index += batchSize
    }
}

// 2. Raw sqlite3: same schema (a fresh store creates it), same PRAGMAs, one prepared
// statement, one transaction per batch, values serialised before the clock starts.
let rawPath = directory.appendingPathComponent("raw.sqlite").path
_ = try SQLiteStore(path: rawPath)
struct RawRow {
    var tenant: String, monitor: String, kind: String, target: String
    var started: Double, duration: Double, status: Int32, latency: Double?
    var failureCode: String?, failureMessage: String?, metrics: String?, details: String?
}
let rawRows = records.map { record in
    RawRow(tenant: record.tenantID.description, monitor: record.monitorID!.description, kind: record.kind, target: record.target,
           started: record.startedAt.timeIntervalSince1970, duration: record.duration,
           status: record.result.status == .up ? 0 : 2, latency: record.result.latency,
           failureCode: record.result.failure?.code, failureMessage: record.result.failure?.message,
           metrics: JSONValue.text(ofMetrics: record.result.metrics), details: record.result.details.jsonText)
}
/// Inserts the rows with the sqlite3 C API; returns the seconds the inserts took.
func rawInsert(_ rows: [RawRow], path: String, batchSize: Int) -> Double {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("cannot open \(path)") }
    defer { sqlite3_close(db) }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nil, nil, nil)
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, """
        INSERT INTO results (tenant_id, monitor_id, kind, target, started_at, duration, status, latency,
            failure_code, failure_message, metrics, details) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
        """, -1, &statement, nil)
    defer { sqlite3_finalize(statement) }
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    func bind(_ index: Int32, _ text: String?) {
        if let text { sqlite3_bind_text(statement, index, text, -1, transient) } else { sqlite3_bind_null(statement, index) }
    }
    let clock = ContinuousClock()
    let began = clock.now
    var index = 0
    while index < rows.count {
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        for row in rows[index..<min(index + batchSize, rows.count)] {
            bind(1, row.tenant); bind(2, row.monitor); bind(3, row.kind); bind(4, row.target)
            sqlite3_bind_double(statement, 5, row.started)
            sqlite3_bind_double(statement, 6, row.duration)
            sqlite3_bind_int(statement, 7, row.status)
            if let latency = row.latency { sqlite3_bind_double(statement, 8, latency) } else { sqlite3_bind_null(statement, 8) }
            bind(9, row.failureCode); bind(10, row.failureMessage); bind(11, row.metrics); bind(12, row.details)
            guard sqlite3_step(statement) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(statement)
        }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        index += batchSize
    }
    let elapsed = clock.now - began
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
let rawSeconds = rawInsert(rawRows, path: rawPath, batchSize: batchSize)

// 3. What the scheduler's writer commits: each check's result and its monitor's state in one
// transaction per batch (`store.checks.commit`), for 5,000 monitors.
let checkStore = try SQLiteStore(path: directory.appendingPathComponent("checks.sqlite").path)
let checkTenant = try await Fixtures.tenant(in: checkStore)
let checkMonitors = (0..<5_000).map { Fixtures.monitor(tenant: checkTenant, name: "m\($0)") }
try await checkStore.monitors.createAll(checkMonitors, tenant: checkTenant)
let checkRecords = Fixtures.benchmarkRecords(count: rowCount, tenant: checkTenant).enumerated().map { index, record in
    var record = record
    record.monitorID = checkMonitors[index % checkMonitors.count].id
    return record
}
let checkSeconds = try await seconds {
    var index = 0
    while index < checkRecords.count {
        let slice = checkRecords[index..<min(index + batchSize, checkRecords.count)]
        let states = slice.map { record in
            MonitorStateUpdate(tenantID: checkTenant, monitorID: record.monitorID!, state: MonitorState(
                status: .up, consecutiveSuccesses: 12, lastCheckedAt: record.startedAt, lastChangedAt: record.startedAt,
                nextRunAt: record.startedAt.addingTimeInterval(1)))
        }
        try await checkStore.checks.commit(CheckBatch(results: Array(slice), states: states))
        index += batchSize
    }
}

let storeRate = Double(rowCount) / storeSeconds
let rawRate = Double(rowCount) / rawSeconds
print(String(format: "rows=%d batch=%d store.sqlite=%.0f rows/s raw sqlite3=%.0f rows/s ratio=%.1f%%",
             rowCount, batchSize, storeRate, rawRate, storeRate / rawRate * 100))
print(String(format: "checks (result + state per check, 5,000 monitors): %.0f checks/s, %.1f us per check",
             Double(rowCount) / checkSeconds, checkSeconds / Double(rowCount) * 1e6))
