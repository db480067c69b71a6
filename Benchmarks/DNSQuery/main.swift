// Runs DNS queries through probe.dns as fast as a concurrency window allows and reports
// queries per second and CPU per query: the client's own cost, without the scheduler and
// the store. Usage: DNSQueryBenchmark SERVER:PORT [QUERIES] [CONCURRENCY] [NAME]
import Foundation
import Kernel
import Logging
import ProbeDNS

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: DNSQueryBenchmark SERVER:PORT [QUERIES=5000] [CONCURRENCY=50] [NAME=example.test]")
    exit(64)
}
let server = arguments[1]
let queries = arguments.count > 2 ? Int(arguments[2]) ?? 5000 : 5000
let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 50 : 50
let name = arguments.count > 4 ? arguments[4] : "example.test"

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let probe = try DNSProbe()
let options = DNSOptions(servers: [server], recursion: false)
try probe.validate(target: name, options: options)
let logger = Logger(label: "bench")
// Warm up: the transport thread, the first socket, the allocator.
for _ in 0..<100 { _ = try await probe.run(ProbeRequest(target: name, timeout: 2, options: options, logger: logger)) }

let cpuBefore = cpuSeconds()
let started = Date()
let failures = try await withThrowingTaskGroup(of: Int.self) { group in
    var issued = 0
    var failed = 0
    for _ in 0..<min(concurrency, queries) {
        issued += 1
        group.addTask { try await probe.run(ProbeRequest(target: name, timeout: 2, options: options, logger: logger)).status == .up ? 0 : 1 }
    }
    while let result = try await group.next() {
        failed += result
        if issued < queries {
            issued += 1
            group.addTask { try await probe.run(ProbeRequest(target: name, timeout: 2, options: options, logger: logger)).status == .up ? 0 : 1 }
        }
    }
    return failed
}
let wall = Date().timeIntervalSince(started)
let cpu = cpuSeconds() - cpuBefore
print(String(format: "queries=%d concurrency=%d failed=%d wall=%.3f s qps=%.0f cpu=%.3f s cpu/query=%.1f µs",
             queries, concurrency, failures, wall, Double(queries) / wall, cpu, cpu / Double(queries) * 1e6))
