// Host-metrics collection benchmarks (issue 17), each printing one JSON object:
//   CollectorBenchmark [--readings N]
//       CPU per reading of collector.procfs, with and without the process list (getrusage(2)
//       around N readings in this process); Benchmarks/collect_bench.py runs it beside
//       prometheus-node-exporter scraped N times.
//   CollectorBenchmark ssh --port P --user U --key FILE [--hosts 100] [--rounds 6] [--interval 10]
//       collector.ssh reading H host records (one pooled connection each, all on one sshd)
//       every interval, against H `ssh HOST cat /proc/…` processes per round;
//       Benchmarks/collect_ssh_bench.sh starts the sshd.
//   CollectorBenchmark storage [--directory DIR] [--readings 8640]
//       a day of this machine's series at 10 s through store.sqlite, kept raw, rolled into
//       minutes and into hours; Benchmarks/sample_storage_bench.py measures the files.
#if canImport(Glibc)
import Glibc
#endif
import CollectorProcfs
import Foundation
import ProcSupport

func cpuSeconds(_ who: __rusage_who = RUSAGE_SELF) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

if CommandLine.arguments.dropFirst().first == "storage" {
    try await SampleStorage(CommandLine.arguments.dropFirst(2)).run()
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "ssh" {
    try await SSHRounds(CommandLine.arguments.dropFirst(2)).run()
    exit(0)
}

var readings = 200
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard flag == "--readings", let value = arguments.next().flatMap(Int.init), value > 0 else {
        FileHandle.standardError.write(Data("usage: CollectorBenchmark [--readings N]\n".utf8))
        exit(64)
    }
    readings = value
}

var results: [String: Double] = [:]
for processes in [false, true] {
    let collector = ProcfsCollector(configuration: ProcfsConfiguration(processes: processes))
    _ = try await collector.snapshot()
    var samples = 0, listed = 0
    let wallStart = ContinuousClock.now
    let cpuStart = cpuSeconds()
    for _ in 0..<readings {
        let snapshot = try await collector.snapshot()
        samples = snapshot.samples.count
        listed = snapshot.processes.count
    }
    let cpu = cpuSeconds() - cpuStart
    let wall = ContinuousClock.now - wallStart
    let key = processes ? "with_processes" : "without_processes"
    results["\(key)_cpu_ms_per_reading"] = cpu / Double(readings) * 1_000
    results["\(key)_wall_ms_per_reading"] = Double(wall.components.attoseconds) / 1e15 / Double(readings) + Double(wall.components.seconds) * 1_000 / Double(readings)
    results["\(key)_samples"] = Double(samples)
    results["\(key)_processes"] = Double(listed)
}
results["readings"] = Double(readings)
results["max_rss_kib"] = {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss)
}()
let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
