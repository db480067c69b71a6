// Pings N consecutive addresses once each, starting one echo every SPACING milliseconds (the
// send rate fping uses with `-i SPACING`), through probe.icmp and its shared socket, then
// prints the wall time, the process CPU time and the replies. Compare with
// `fping -c 1 -i SPACING -t TIMEOUT ADDRESSES` (Benchmarks/ping_bench.py does both).
//
// usage: PingSweepBenchmark [COUNT=1000] [SPACING_MS=1] [FIRST=127.0.0.1] [TIMEOUT_S=0.5] [sweep|probes]
#if canImport(Glibc)
import Glibc
#endif
import Kernel
import Logging
import PacketSupport
import ProbeICMP

let arguments = CommandLine.arguments
let count = arguments.count > 1 ? Int(arguments[1]) ?? 1000 : 1000
let spacing = arguments.count > 2 ? Double(arguments[2]) ?? 1 : 1
let first = IPAddress(arguments.count > 3 ? arguments[3] : "127.0.0.1")!
let timeout = arguments.count > 4 ? Double(arguments[4]) ?? 0.5 : 0.5

func address(_ offset: Int) -> String {
    let base = first.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    let value = base + UInt32(offset)
    return "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

let mode = arguments.count > 5 ? arguments[5] : "sweep"
let clock = ContinuousClock()
let cpuBefore = cpuSeconds()
let start = clock.now
let replies: Int
if mode == "sweep" {
    // The bulk API: one pacing task, one waiter (what fping does).
    let engine = try ICMPEngine.shared(family: first.family)
    let results = try await PingSweep(engine: engine, destinations: (0..<count).map { IPAddress(address($0))! },
                                      spacing: spacing / 1000, timeout: timeout).run()
    replies = results.reduce(0) { $0 + $1.rtts.count }
} else {
    // One probe.icmp run per target, as monitors run: a task and a session each.
    let probe = ICMPProbe()
    let logger = Logger(label: "sweep")
    let options = PingOptions(count: 1, timeout: timeout)
    replies = await withTaskGroup(of: Bool.self) { group in
        for index in 0..<count {
            try? await Task.sleep(until: start + .milliseconds(spacing * Double(index)), clock: .continuous)
            let target = address(index)
            group.addTask {
                let result = try? await probe.run(ProbeRequest(target: target, timeout: timeout + 0.1, options: options, logger: logger))
                return result?.status == .up
            }
        }
        var up = 0
        for await ok in group where ok { up += 1 }
        return up
    }
}
let wall = (clock.now - start)
let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
let cpu = cpuSeconds()
print("mode=\(mode) probes=\(count) replies=\(replies) wall_s=\(wallSeconds) cpu_s=\(cpu) cpu_s_sweep=\(cpu - cpuBefore)")
