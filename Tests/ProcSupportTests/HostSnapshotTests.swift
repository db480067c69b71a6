import Foundation
import Kernel
import ProcSupport
import Testing

/// Two readings into rates: the interval from the host's uptime, a reboot between them, a
/// counter reset on one interface.
@Suite("host snapshots")
struct HostSnapshotTests {
    static func reading(uptime: Double, btime: UInt64 = 1_700_000_000, idle: UInt64, user: UInt64, loBytes: UInt64, ethBytes: UInt64) throws -> HostReading {
        let netDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: \(loBytes) 10 0 0 0 0 0 0 \(loBytes) 10 0 0 0 0 0 0
          eth0: \(ethBytes) 10 0 0 0 0 0 0 \(ethBytes) 10 0 0 0 0 0 0

        """
        return try HostReading(ProcFileBundle(files: [
            "/proc/stat": Substring("cpu  \(user) 0 0 \(idle) 0 0 0 0 0 0\ncpu0 \(user) 0 0 \(idle) 0 0 0 0 0 0\nbtime \(btime)\n"),
            "/proc/meminfo": "MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 600 kB\n",
            "/proc/uptime": Substring("\(uptime) 0\n"),
            "/proc/net/dev": Substring(netDev),
        ]))
    }

    static func value(_ snapshot: HostSnapshot, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        snapshot.samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test("rates over the host's own uptime, not the collector's clock")
    func ratesOverUptime() throws {
        let first = try Self.reading(uptime: 100, idle: 1_000, user: 1_000, loBytes: 1_000, ethBytes: 0)
        let second = try Self.reading(uptime: 110, idle: 1_500, user: 1_500, loBytes: 11_000, ethBytes: 5_000)
        let snapshot = HostSnapshot(previous: first, current: second)
        #expect(snapshot.interval == 10)
        #expect(Self.value(snapshot, "cpu_busy_percent") == 50)
        #expect(Self.value(snapshot, "network_received_bytes_per_second", ["interface": "lo"]) == 1_000)
        #expect(Self.value(snapshot, "memory_used_bytes") == 409_600.0, "MemTotal 1000 kB less MemAvailable 600 kB")
        let since = HostSnapshot(previous: nil, current: first)
        #expect(since.interval == nil && Self.value(since, "cpu_busy_percent") == 50, "CPU since boot")
        #expect(Self.value(since, "network_received_bytes_per_second", ["interface": "lo"]) == nil)
        #expect(Self.value(since, "network_received_bytes_total", ["interface": "lo"]) == 1_000)
    }

    @Test("after a reboot there are no rates and CPU is since boot, never negative or huge")
    func reboot() throws {
        let before = try Self.reading(uptime: 100_000, idle: 9_000_000, user: 1_000_000, loBytes: 1 << 40, ethBytes: 1 << 40)
        let after = try Self.reading(uptime: 30, btime: 1_700_099_990, idle: 2_000, user: 1_000, loBytes: 100, ethBytes: 100)
        let snapshot = HostSnapshot(previous: before, current: after)
        #expect(snapshot.interval == nil)
        #expect(Self.value(snapshot, "cpu_busy_percent").map { abs($0 - 100.0 / 3) < 0.01 } == true)
        #expect(!snapshot.samples.contains { $0.name.hasSuffix("_per_second") })
    }

    @Test("an interface whose counters were reset loses its rates for one reading; the others keep theirs")
    func counterReset() throws {
        let first = try Self.reading(uptime: 100, idle: 1_000, user: 1_000, loBytes: 1_000, ethBytes: 1 << 40)
        let second = try Self.reading(uptime: 110, idle: 1_500, user: 1_500, loBytes: 2_000, ethBytes: 10)
        let snapshot = HostSnapshot(previous: first, current: second)
        #expect(Self.value(snapshot, "network_received_bytes_per_second", ["interface": "eth0"]) == nil)
        #expect(Self.value(snapshot, "network_received_bytes_per_second", ["interface": "lo"]) == 100)
    }

    @Test("the history keeps one reading per source, forgetting the least recent past its capacity")
    func history() async throws {
        let history = HostReadingHistory(capacity: 2)
        let reading = try Self.reading(uptime: 1, idle: 1, user: 1, loBytes: 1, ethBytes: 1)
        #expect(await history.exchange("a", reading) == nil)
        #expect(await history.exchange("b", reading) == nil)
        #expect(await history.exchange("a", reading) != nil)
        #expect(await history.exchange("c", reading) == nil)
        #expect(await history.exchange("b", reading) == nil, "b was the least recent")
        #expect(await history.exchange("a", reading) == nil, "then a, when b came back")
    }

    @Test("process lists sort by CPU or memory, ties by pid, and keep the limit")
    func processOrder() {
        func process(_ pid: Int, cpu: Double?, rss: UInt64) -> HostProcess {
            HostProcess(pid: pid, parentPID: 1, name: "p", command: "", user: nil, state: "S", cpuPercent: cpu, residentBytes: rss, memoryPercent: 0, threads: 1)
        }
        let list = [process(3, cpu: 5, rss: 10), process(1, cpu: 5, rss: 30), process(2, cpu: nil, rss: 20), process(4, cpu: 50, rss: 1)]
        #expect(HostProcess.sorted(list, by: .cpu, limit: 10).map(\.pid) == [4, 1, 3, 2])
        #expect(HostProcess.sorted(list, by: .memory, limit: 2).map(\.pid) == [1, 2])
    }

    @Test("a process's JSON is its Codable form, built directly", arguments: [
        HostProcess(pid: 7, parentPID: 1, name: "sshd", command: "sshd: vantage [priv]", user: "root", state: "S", cpuPercent: 1.5,
                    residentBytes: 9_437_184, memoryPercent: 0.04, threads: 1),
        HostProcess(pid: 2, parentPID: 0, name: "kthreadd", command: "", user: nil, state: "S", cpuPercent: nil, residentBytes: 0,
                    memoryPercent: 0, threads: 1),
    ])
    func processJSON(_ process: HostProcess) throws {
        #expect(process.json == (try JSONValue(encoding: process)))
    }
}
