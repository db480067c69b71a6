// Runs probe.http or probe.tls as fast as a concurrency window allows and reports probes per
// second and CPU per probe: the probe's own cost, without the API, the scheduler or the store.
// Usage: WebProbeBenchmark http URL [PROBES] [CONCURRENCY] [CA_FILE]
//        WebProbeBenchmark tls HOST:PORT [PROBES] [CONCURRENCY] [CA_FILE]
import Foundation
import Kernel
import Logging
import ProbeHTTP
import ProbeTLS

let arguments = CommandLine.arguments
guard arguments.count >= 3, ["http", "tls"].contains(arguments[1]) else {
    print("usage: WebProbeBenchmark http|tls TARGET [PROBES=5000] [CONCURRENCY=8] [CA_FILE]")
    exit(64)
}
let kind = arguments[1]
let target = arguments[2]
let probes = arguments.count > 3 ? Int(arguments[3]) ?? 5000 : 5000
let concurrency = arguments.count > 4 ? Int(arguments[4]) ?? 8 : 8
let caFile = arguments.count > 5 ? arguments[5] : nil

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let logger = Logger(label: "bench")
let run: @Sendable () async throws -> Bool
if kind == "http" {
    let probe = try HTTPProbe()
    let options = HTTPOptions(caFile: caFile)
    try probe.validate(target: target, options: options)
    run = { try await probe.run(ProbeRequest(target: target, timeout: 5, options: options, logger: logger)).status == .up }
} else {
    let probe = try TLSProbe()
    let options = TLSOptions(caFile: caFile)
    try probe.validate(target: target, options: options)
    run = { try await probe.run(ProbeRequest(target: target, timeout: 5, options: options, logger: logger)).status == .up }
}
for _ in 0..<100 { _ = try await run() }

func window(_ count: Int) async throws -> Int {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        var issued = 0
        var failed = 0
        for _ in 0..<min(concurrency, count) {
            issued += 1
            group.addTask { try await run() }
        }
        while let ok = try await group.next() {
            if !ok { failed += 1 }
            if issued < count {
                issued += 1
                group.addTask { try await run() }
            }
        }
        return failed
    }
}

let cpuBefore = cpuSeconds()
let started = Date()
let failures = try await window(probes)
let wall = Date().timeIntervalSince(started)
let cpu = cpuSeconds() - cpuBefore
print(String(format: "%@ probes=%d concurrency=%d failed=%d wall=%.3f s rate=%.0f/s cpu=%.3f s cpu/probe=%.1f µs probes/cpu-s=%.0f",
             kind, probes, concurrency, failures, wall, Double(probes) / wall, cpu, cpu / Double(probes) * 1e6, Double(probes) / cpu))
