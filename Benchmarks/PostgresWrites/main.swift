import Foundation
import Kernel
import KernelTesting
import StorePostgres

// Result rows/s written through store.postgres (batches as the scheduler's writer sends
// them: COPY per batch), for Benchmarks/pg_bench.py, which times a raw psql \copy of the
// same rows beside it. Usage: PostgresWriteBenchmark URL [rows] [batch]

let arguments = CommandLine.arguments
guard arguments.count > 1 else {
    FileHandle.standardError.write(Data("usage: PostgresWriteBenchmark URL [rows] [batch]\n".utf8))
    exit(64)
}
let url = arguments[1]
let rowCount = arguments.count > 2 ? Int(arguments[2]) ?? 200_000 : 200_000
let batchSize = arguments.count > 3 ? Int(arguments[3]) ?? 2_000 : 2_000

let store = try await PostgresStore(configuration: .init(url: url, poolSize: 4))
let tenant = TenantID.random()
_ = try await store.tenants.ensure(Tenant(id: tenant, name: "bench"))
let records = Fixtures.benchmarkRecords(count: rowCount, tenant: tenant)

let clock = ContinuousClock()
let began = clock.now
var index = 0
while index < records.count {
    try await store.results.append(Array(records[index..<min(index + batchSize, records.count)]))
    index += batchSize
}
let elapsed = clock.now - began
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("store.postgres: \(rowCount) rows in batches of \(batchSize): \(String(format: "%.3f", seconds)) s, \(Int(Double(rowCount) / max(seconds, 1e-9))) rows/s")
await store.close()
