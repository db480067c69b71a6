import CollectorProcfs
import FixtureServers
import Foundation
import Kernel
import ProcSupport
import Testing

/// collector.procfs against this machine: what free, df, uname and hostname print, a busy loop
/// pinned to one core, bytes sent over loopback and this test's own process.
@Suite("collector.procfs on this machine")
struct ProcfsCollectorTests {
    static func value(_ snapshot: HostSnapshot, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        snapshot.samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test("memory and the root filesystem equal what free -b and df -B1 / print; system facts equal uname and hostname")
    func gaugesMatchTheTools() async throws {
        let snapshot = try await ProcfsCollector().snapshot()
        let free = try await FixturePaths.capture("/usr/bin/free", ["-b"])
        let mem = try #require(free.stdout.split(separator: "\n").first { $0.hasPrefix("Mem:") }).split(separator: " ")
        #expect(Self.value(snapshot, "memory_total_bytes") == Double(mem[1]))
        let df = try await FixturePaths.capture("/usr/bin/df", ["-P", "-B1", "/"])
        let root = try #require(df.stdout.split(separator: "\n").last).split(separator: " ")
        #expect(Self.value(snapshot, "filesystem_size_bytes", ["mount": "/"]) == Double(root[1]))
        #expect(!snapshot.samples.contains { $0.name == "filesystem_size_bytes" && ["/proc", "/sys"].contains($0.labels["mount"]) })
        let kernel = try await FixturePaths.capture("/usr/bin/uname", ["-r"])
        #expect(snapshot.system.kernel == kernel.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(snapshot.system.hostname == ProcessInfo.processInfo.hostName || snapshot.system.hostname.map { ProcessInfo.processInfo.hostName.hasPrefix($0) } == true)
        #expect(snapshot.system.logicalCPUs == ProcessInfo.processInfo.activeProcessorCount)
        #expect(snapshot.system.osID == "debian")
        #expect(snapshot.interval == nil, "a first reading covers the time since boot")
        let busy = try #require(Self.value(snapshot, "cpu_busy_percent"))
        #expect((0...100).contains(busy))
    }

    @Test("this test's process is listed with its command line, user and memory")
    func ownProcess() async throws {
        let snapshot = try await ProcfsCollector().snapshot()
        let own = try #require(snapshot.processes.first { $0.pid == Int(getpid()) })
        #expect(own.command.contains("vantagePackageTests"), "\(own.command)")
        #expect(own.user == (getuid() == 0 ? "root" : own.user))
        #expect(own.residentBytes > 1 << 20 && own.memoryPercent > 0)
        #expect(own.threads >= 1)
        let kernelThread = snapshot.processes.first { $0.pid == 2 }
        #expect(kernelThread?.name == "kthreadd" && kernelThread?.command == "")
        let reading = snapshot.collectorReading
        #expect(reading.details.objectValue?["processes"]?.arrayValue?.count == snapshot.processes.count)
        #expect(reading.details.objectValue?["system"]?.objectValue?["kernel"] == snapshot.system.kernel.map(JSONValue.string))
    }

    @Test("processes: false reads no process list")
    func withoutProcesses() async throws {
        let snapshot = try await ProcfsCollector(configuration: ProcfsConfiguration(processes: false)).snapshot()
        #expect(snapshot.processes.isEmpty && Self.value(snapshot, "processes_total") == nil)
        #expect(Self.value(snapshot, "memory_total_bytes") != nil)
    }

    /// Nanoseconds process `pid` has run on a CPU (`/proc/PID/schedstat`, first field): a
    /// clock independent of the `stat` ticks the collector reads.
    static func runNanoseconds(_ pid: pid_t) throws -> Double {
        let text = try String(contentsOfFile: "/proc/\(pid)/schedstat", encoding: .utf8)
        return Double(text.split(separator: " ").first ?? "") ?? 0
    }

    /// Set by scripts/test.sh for its second, quiet pass (nothing else running): then the
    /// bounds are the absolute ones; with other tests running beside it, they account for them.
    static let quietMachine = ProcessInfo.processInfo.environment["VANTAGE_QUIET_MACHINE"] == "1"

    @Test("a busy loop pinned to CPU 0 shows as half of two cores, and as one core in the process list")
    func busyLoop() async throws {
        let collector = ProcfsCollector()
        let spinner = try BusyLoop()
        defer { spinner.stop() }
        let pid = spinner.pid
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let (ranBefore, firstStart) = (try Self.runNanoseconds(pid), clock.now)
        _ = try await collector.snapshot(source: "busy")
        let firstEnd = clock.now
        try await Task.sleep(for: .seconds(2))
        let secondStart = clock.now
        let snapshot = try await collector.snapshot(source: "busy")
        let (ranAfter, secondEnd) = (try Self.runNanoseconds(pid), clock.now)
        // The host's own clock between the readings lies between the shortest and the longest
        // wall time the two readings could have been taken apart.
        let interval = try #require(snapshot.interval)
        let shortest = (secondStart - firstEnd) / .seconds(1), longest = (secondEnd - firstStart) / .seconds(1)
        #expect(interval >= shortest - 0.02 && interval <= longest + 0.02, "\(interval) s, wall \(shortest)–\(longest) s")
        let total = try #require(Self.value(snapshot, "cpu_busy_percent"))
        let core0 = try #require(Self.value(snapshot, "cpu_busy_percent", ["cpu": "0"]))
        let loop = try #require(snapshot.processes.first { $0.pid == Int(pid) }?.cpuPercent)
        let cpus = Double(snapshot.system.logicalCPUs)
        // The loop's share by the scheduler's nanosecond clock, over the widest window.
        let scheduled = (ranAfter - ranBefore) / 1e9 / longest * 100
        #expect(core0 >= 90, "CPU 0 busy \(core0) %")
        #expect(loop >= 0 && loop <= 105 && abs(loop - scheduled) <= max(15, scheduled * (longest / shortest - 1) + 5),
                "the loop used \(loop) % of one CPU by its ticks, \(scheduled) % by schedstat")
        let modes = snapshot.samples.filter { $0.name == "cpu_mode_percent" }
        #expect(modes.count == 8 && abs(modes.map(\.value).reduce(0, +) - 100) < 0.5, "the modes add up to 100 %")
        // The total is every core's time together: the mean of the per-core figures, whatever
        // else the machine runs (other processes may share it).
        let perCore = snapshot.samples.filter { $0.name == "cpu_busy_percent" && $0.labels["cpu"] != nil }.map(\.value)
        #expect(Double(perCore.count) == cpus && abs(total - perCore.reduce(0, +) / cpus) <= 5, "total \(total) %, cores \(perCore)")
        #expect(total >= 100 / cpus - 10, "total busy \(total) %: at least the loop's core")
        if Self.quietMachine {
            #expect(loop >= 90, "the loop had CPU 0 to itself: \(loop) %")
        }
    }

    @Test("bytes sent over loopback raise lo's counters and its rate")
    func loopbackRate() async throws {
        let collector = ProcfsCollector(configuration: ProcfsConfiguration(processes: false))
        let before = try await collector.snapshot(source: "lo")
        let script = """
        import socket, threading
        server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
        client = socket.create_connection(server.getsockname(), timeout=20); peer, _ = server.accept()
        peer.settimeout(20)
        sender = threading.Thread(target=lambda: (client.sendall(b"x" * 4194304), client.close())); sender.start()
        received = 0
        while chunk := peer.recv(65536): received += len(chunk)
        sender.join(); print(received)
        """
        let sent = try await FixturePaths.capture("/usr/bin/python3", ["-c", script])
        #expect(sent.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4194304", "\(sent.stderr)")
        let after = try await collector.snapshot(source: "lo")
        let lo = ["interface": "lo"]
        let received = try #require(Self.value(after, "network_received_bytes_total", lo)) - (Self.value(before, "network_received_bytes_total", lo) ?? 0)
        #expect(received >= 4_194_304)
        let rate = try #require(Self.value(after, "network_received_bytes_per_second", lo))
        let interval = try #require(after.interval)
        #expect(abs(rate * interval - received) <= received * 0.01 + 1, "rate × interval is the bytes counted")
    }
}
