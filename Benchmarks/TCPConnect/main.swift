// Runs TCP connects through probe.tcp as fast as a concurrency window allows and reports
// connects per second and CPU per connect: the probe's own cost, without the scheduler and
// the store (the baseline of `serve_bench.py scheduler --kind tcp`).
// Usage: TCPConnectBenchmark PORT[,PORT...] [CONNECTS=50000] [CONCURRENCY=20]
import Foundation
import Kernel
import Logging
import ProbeTCP

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: TCPConnectBenchmark PORT[,PORT...] [CONNECTS=50000] [CONCURRENCY=20]")
    exit(64)
}
let targets = arguments[1].split(separator: ",").map { "127.0.0.1:\($0)" }
let connects = arguments.count > 2 ? Int(arguments[2]) ?? 50_000 : 50_000
let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let probe = TCPProbe()
let options = TCPProbe.Options()
for target in targets { try probe.validate(target: target, options: options) }
let logger = Logger(label: "bench")
func connect(_ index: Int) async throws -> Int {
    try await probe.run(ProbeRequest(target: targets[index % targets.count], timeout: 5, options: options, logger: logger)).status == .up ? 0 : 1
}
// Warm up: the event loops, the first sockets, the allocator.
for index in 0..<200 { _ = try await connect(index) }

let cpuBefore = cpuSeconds()
let started = Date()
let failures = try await withThrowingTaskGroup(of: Int.self) { group in
    var issued = 0
    var failed = 0
    for _ in 0..<min(concurrency, connects) {
        let index = issued
        group.addTask { try await connect(index) }
        issued += 1
    }
    while let result = try await group.next() {
        failed += result
        if issued < connects {
            let index = issued
            group.addTask { try await connect(index) }
            issued += 1
        }
    }
    return failed
}
let wall = Date().timeIntervalSince(started)
let cpu = cpuSeconds() - cpuBefore
print(String(format: "connects=%d concurrency=%d failed=%d wall=%.3f s rate=%.0f/s cpu=%.3f s cpu/connect=%.1f µs",
             connects, concurrency, failures, wall, Double(connects) / wall, cpu, cpu / Double(connects) * 1e6))
