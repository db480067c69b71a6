// Connections/s written straight through store.sqlite's ingest repository (no HTTP, no JSON,
// no enrichment), in batches as producers send them: the store's own write rate, which
// Benchmarks/ingest_bench.py sets the API's rate against in the same run.
// Usage: IngestWriteBenchmark [records=200000] [batch=500] [DIRECTORY]
import Foundation
import Kernel
import StoreSQLite

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let batch = arguments.count > 2 ? Int(arguments[2]) ?? 500 : 500
let directory = arguments.count > 3 ? URL(fileURLWithPath: arguments[3]) : FileManager.default.temporaryDirectory.appendingPathComponent("vantage-ingest-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { if arguments.count <= 3 { try? FileManager.default.removeItem(at: directory) } }

let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
let tenant = Tenant(name: "bench")
try await store.tenants.create(tenant)
let started = Date().addingTimeInterval(-3600)
let geo = AddressAnnotation(countryCode: "DE", country: "Germany", city: "Berlin", latitude: 52.5, longitude: 13.4, accuracyRadiusKm: 20,
                            asn: 64_500, organization: "Example")

/// The connection numbered `index`: addresses, ports, counters and times that vary with it.
func record(_ index: Int) -> ConnectionRecord {
    let source = ConnectionEndpoint(address: "10.0.\(index / 250 % 250).\(index % 250)", port: 40_000 + index % 20_000)
    let destination = ConnectionEndpoint(address: "198.51.100.\(index % 250)", port: 443, geo: geo)
    let start = started.addingTimeInterval(Double(index) / 100)
    return ConnectionRecord(tenantID: tenant.id, source: source, destination: destination, transport: "tcp", bytesSent: Int64(index % 5000),
                            bytesReceived: Int64(index % 50_000), packetsSent: 10, packetsReceived: 20, process: "curl", service: "https",
                            startedAt: start, endedAt: start.addingTimeInterval(2))
}
let records = (0..<count).map(record)
let clock = ContinuousClock()
let began = clock.now
var keyNumber = 0
for start in stride(from: 0, to: records.count, by: batch) {
    keyNumber += 1
    let key = IdempotencyKey(endpoint: "connections", key: "bench-\(keyNumber)", fingerprint: "f\(keyNumber)")
    _ = try await store.ingest.commit(connections: Array(records[start..<min(start + batch, records.count)]), tenant: tenant.id, idempotency: key)
}
let elapsed = clock.now - began
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "store.sqlite ingest.commit: %d connections in batches of %d in %.2f s: %.0f connections/s", count, batch, seconds, Double(count) / seconds))
