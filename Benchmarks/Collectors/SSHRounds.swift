#if canImport(Glibc)
import Glibc
#endif
import CollectorSSH
import Foundation
import Kernel
import KernelTesting

/// H host records on one sshd read by collector.ssh every interval, then the same rounds as
/// H `ssh … cat /proc/stat /proc/meminfo …` processes (20 at a time); CPU of this process
/// (and of its `ssh` children), RSS, and the wall time of each round.
struct SSHRounds {
    var port = 22, user = "vssh-ed25519", key = "", hosts = 100, rounds = 6, interval = 10.0

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--port": port = Int(value) ?? port
            case "--user": user = value
            case "--key": key = value
            case "--hosts": hosts = Int(value) ?? hosts
            case "--rounds": rounds = Int(value) ?? rounds
            case "--interval": interval = Double(value) ?? interval
            default: fatalError("unknown flag \(flag)")
            }
        }
    }

    func run() async throws {
        let store = InMemoryHostStore()
        let tenant = TenantID.random()
        let privateKey = try String(contentsOfFile: key, encoding: .utf8)
        var ids: [String] = []
        for index in 0..<hosts {
            let host = RemoteHost(tenantID: tenant, name: "host-\(index)", address: "127.0.0.1", port: port, username: user,
                                  credentials: .object(["privateKey": .string(privateKey)]))
            try await store.hosts.create(host, tenant: tenant)
            ids.append(host.id.description)
        }
        var results: [String: Double] = ["hosts": Double(hosts), "rounds": Double(rounds), "interval_s": interval]
        for processes in [false, true] {
            let collector = SSHCollector(hosts: RemoteHostDirectory(repository: store.hosts, sealer: nil, keyDirectory: nil),
                                         configuration: SSHCollectorConfiguration(maxConnections: hosts, processes: processes))
            let first = ContinuousClock.now
            try await round(collector, ids, tenant)  // connects, pins keys: not measured
            results[processes ? "with_processes_connect_round_s" : "connect_round_s"] = seconds(ContinuousClock.now - first)
            try await Task.sleep(for: .seconds(interval))
            let (cpu, wall, slowest) = try await measured { try await round(collector, ids, tenant) }
            let key = processes ? "vantage_with_processes" : "vantage"
            results["\(key)_cpu_percent"] = cpu / wall * 100
            results["\(key)_cpu_ms_per_host_reading"] = cpu / Double(hosts * rounds) * 1_000
            results["\(key)_slowest_round_s"] = slowest
            await collector.close()
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        results["vantage_max_rss_kib"] = Double(usage.ru_maxrss)
        let childrenBefore = cpuSeconds(RUSAGE_CHILDREN)
        let (_, wall, slowest) = try await measured { try openSSHRound() }
        let children = cpuSeconds(RUSAGE_CHILDREN) - childrenBefore
        results["openssh_cpu_percent"] = children / wall * 100
        results["openssh_cpu_ms_per_host_reading"] = children / Double(hosts * rounds) * 1_000
        results["openssh_slowest_round_s"] = slowest
        let data = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    }

    /// Runs `rounds` rounds `interval` apart; this process's CPU, the wall time and the slowest round.
    private func measured(_ body: () async throws -> Void) async throws -> (Double, Double, Double) {
        let cpuStart = cpuSeconds(), start = ContinuousClock.now
        var slowest = 0.0
        for index in 0..<rounds {
            let roundStart = ContinuousClock.now
            try await body()
            let took = seconds(ContinuousClock.now - roundStart)
            slowest = max(slowest, took)
            let next = start + .milliseconds(Int(interval * 1_000) * (index + 1))
            if next > ContinuousClock.now { try await Task.sleep(until: next) }
        }
        return (cpuSeconds() - cpuStart, seconds(ContinuousClock.now - start), slowest)
    }

    private func round(_ collector: SSHCollector, _ ids: [String], _ tenant: TenantID) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids { group.addTask { _ = try await collector.snapshot(host: id, tenant: tenant) } }
            try await group.waitForAll()
        }
    }

    /// H `ssh` processes reading the same system files, 20 at a time.
    private func openSSHRound() throws {
        var running: [Process] = []
        for _ in 0..<hosts {
            if running.count >= 20 { running.removeFirst().waitUntilExit() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh")
            process.arguments = ["-p", String(port), "-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                                 "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "\(user)@127.0.0.1",
                                 "cat", "/proc/stat", "/proc/meminfo", "/proc/loadavg", "/proc/uptime", "/proc/diskstats", "/proc/net/dev", "/proc/mounts"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            running.append(process)
        }
        for process in running { process.waitUntilExit() }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
