import CollectorProcfs
import Foundation
import Kernel
import KernelTesting
import StoreSQLite

/// One day of 10-second readings of this machine's real series (names and labels from a
/// local reading, values varied) written through store.sqlite's `SampleRepository`, three
/// times: kept raw, rolled up into minutes, rolled up into hours. `sample_storage_bench.py`
/// measures each file's sample tables and projects a year under the default retention.
struct SampleStorage {
    var directory = "/tmp/vantage-sample-storage"
    var readings = 8_640

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--directory": directory = value
            case "--readings": readings = Int(value) ?? readings
            default: fatalError("unknown flag \(flag)")
            }
        }
    }

    func run() async throws {
        let collector = ProcfsCollector()
        _ = try await collector.snapshot()
        try await Task.sleep(for: .seconds(1))
        let template = try await collector.snapshot().samples
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01, on a whole hour
        let end = start.addingTimeInterval(Double(readings) * 10)
        var results: [String: Double] = ["series": Double(template.count), "readings": Double(readings)]
        for stage in ["raw", "minute", "hour"] {
            let path = "\(directory)/\(stage).sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let store = try SQLiteStore(path: path)
            let tenant = try await Fixtures.tenant(in: store)
            let began = ContinuousClock.now
            for step in 0..<readings {
                let time = start.addingTimeInterval(Double(step) * 10)
                let samples = template.map { Sample(name: $0.name, labels: $0.labels, value: $0.value * Double.random(in: 0.9...1.1), timestamp: time) }
                try await store.samples.append(samples, source: "3f1c2a9e-5b7d-4e2f-9a61-0c8d4b2e7f10", tenant: tenant)
            }
            if stage == "raw" { results["append_ms_per_reading"] = seconds(ContinuousClock.now - began) * 1_000 / Double(readings) }
            switch stage {
            case "minute": _ = try await store.samples.rollUp(now: end.addingTimeInterval(86_400), retention: SampleRetention(rawDays: 0.5, minuteDays: 30))
            case "hour": _ = try await store.samples.rollUp(now: end.addingTimeInterval(86_400), retention: SampleRetention(rawDays: 0.5, minuteDays: 0.5))
            default: break
            }
        }
        let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
