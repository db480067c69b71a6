// SSH transport benchmark (issue 16), against a private sshd on loopback
// (Benchmarks/ssh_bench.sh starts one and runs this):
//   commands: N commands on one reused SSHSupport connection, against N `ssh` processes
//             (OpenSSH, a fresh connection each), wall time and client CPU per command;
//   origins:  one mtr trace from each of K origins (K host records on the sshd) run at once,
//             against each origin alone (the slowest) and against `ssh HOST mtr --json`
//             K times in sequence.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import RouteSupport
import SSHSupport

struct Options {
    var port = 22
    var user = "vssh-ed25519"
    var key = ""
    var commands = 200
    var origins = 10
    var target = "127.0.0.1"
    var rounds = 2

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--port": port = Int(value) ?? port
            case "--user": user = value
            case "--key": key = value
            case "--commands": commands = Int(value) ?? commands
            case "--origins": origins = Int(value) ?? origins
            case "--target": target = value
            case "--rounds": rounds = Int(value) ?? rounds
            default: fatalError("unknown flag \(flag)")
            }
        }
    }
}

func cpuSeconds(_ who: __rusage_who) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func secondsOf(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func openSSH(_ options: Options, _ command: [String], extra: [String] = []) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
    process.arguments = ["-p", String(options.port), "-i", options.key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                         "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"] + extra + ["\(options.user)@127.0.0.1"] + command
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

let options = Options(CommandLine.arguments)
let key = try String(contentsOfFile: options.key, encoding: .utf8)
func endpoint() -> SSHEndpoint {
    SSHEndpoint(host: "127.0.0.1", port: options.port, username: options.user, credentials: .privateKey(key, passphrase: nil))
}

// Commands on a reused connection, and the same number of fresh `ssh` processes.
let pool = SSHConnectionPool()
_ = try await pool.run(SSHCommand(["true"]), on: endpoint(), key: "reuse")
var cpu = cpuSeconds(RUSAGE_SELF)
var started = ContinuousClock.now
for _ in 0..<options.commands {
    let output = try await pool.run(SSHCommand(["true"]), on: endpoint(), key: "reuse")
    precondition(output.exitStatus == 0)
}
let reusedWall = secondsOf(started.duration(to: .now)) / Double(options.commands)
let reusedCPU = (cpuSeconds(RUSAGE_SELF) - cpu) / Double(options.commands)
cpu = cpuSeconds(RUSAGE_CHILDREN)
started = ContinuousClock.now
for _ in 0..<options.commands {
    let status = try openSSH(options, ["true"])
    precondition(status == 0)
}
let freshWall = secondsOf(started.duration(to: .now)) / Double(options.commands)
let freshCPU = (cpuSeconds(RUSAGE_CHILDREN) - cpu) / Double(options.commands)
// OpenSSH at its best: one multiplexed master connection (ControlMaster), a client process
// per command.
let control = ["-o", "ControlMaster=auto", "-o", "ControlPath=/tmp/vantage-bench-%C", "-o", "ControlPersist=120"]
_ = try openSSH(options, ["true"], extra: control)
cpu = cpuSeconds(RUSAGE_CHILDREN)
started = ContinuousClock.now
for _ in 0..<options.commands {
    let status = try openSSH(options, ["true"], extra: control)
    precondition(status == 0)
}
let muxWall = secondsOf(started.duration(to: .now)) / Double(options.commands)
let muxCPU = (cpuSeconds(RUSAGE_CHILDREN) - cpu) / Double(options.commands)
_ = try openSSH(options, [], extra: control + ["-O", "exit"])
print(String(format: "commands: %d; ssh through a ControlMaster connection (OpenSSH): %.2f ms wall, %.3f ms client CPU per command", options.commands, muxWall * 1000, muxCPU * 1000))
print(String(format: "commands: %d; reused SSHSupport connection: %.2f ms wall, %.3f ms client CPU per command", options.commands, reusedWall * 1000, reusedCPU * 1000))
print(String(format: "commands: %d; fresh ssh process (OpenSSH): %.2f ms wall, %.3f ms client CPU per command", options.commands, freshWall * 1000, freshCPU * 1000))
print(String(format: "commands: reused is %.1fx faster (wall), %.1fx less client CPU", freshWall / reusedWall, freshCPU / reusedCPU))

// Traces from K origins: each alone, all at once, and OpenSSH in sequence.
let mtr = ["mtr", "--json", "-n", "-c", String(options.rounds), "-i", "1", "--gracetime", "1", options.target]
let origins = SSHConnectionPool(limit: options.origins)
func trace(_ index: Int) async throws -> Double {
    let begun = ContinuousClock.now
    let output = try await origins.run(SSHCommand(mtr, timeout: 60), on: endpoint(), key: "origin-\(index)")
    let report = try MTRJSONReport.parse(output.stdout)
    precondition(output.exitStatus == 0 && !report.hops.isEmpty, "origin \(index): \(output.stderrText)")
    return secondsOf(begun.duration(to: .now))
}
for index in 0..<options.origins { _ = try await origins.run(SSHCommand(["true"]), on: endpoint(), key: "origin-\(index)") }
var alone: [Double] = []
for index in 0..<options.origins { alone.append(try await trace(index)) }
started = ContinuousClock.now
try await withThrowingTaskGroup(of: Double.self) { group in
    for index in 0..<options.origins { group.addTask { try await trace(index) } }
    for try await _ in group {}
}
let together = secondsOf(started.duration(to: .now))
started = ContinuousClock.now
for _ in 0..<options.origins {
    let status = try openSSH(options, mtr)
    precondition(status == 0)
}
let sequential = secondsOf(started.duration(to: .now))
let slowest = alone.max() ?? 0
print(String(format: "origins: %d traces of %d rounds; slowest alone %.2f s; all at once %.2f s (%.2fx the slowest); OpenSSH in sequence %.2f s (%.1fx slower than at once)",
             options.origins, options.rounds, slowest, together, together / slowest, sequential, sequential / together))
