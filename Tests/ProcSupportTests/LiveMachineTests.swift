import Foundation
import FixtureServers
import ProcSupport
import Testing

/// The parsers against this machine's own kernel and tools: what `free -b` and `df -B1`
/// print, a busy loop pinned to one core, and bytes sent over loopback.
@Suite("this machine's /proc, read live")
struct LiveMachineTests {
    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test("MemTotal and swap equal what free -b prints")
    func memoryMatchesFree() async throws {
        let memory = try MemoryInfo.parse(try Self.read("/proc/meminfo"))
        let free = try await FixturePaths.capture("/usr/bin/free", ["-b"])
        let lines = free.stdout.split(separator: "\n")
        let mem = try #require(lines.first { $0.hasPrefix("Mem:") }).split(separator: " ")
        let swap = try #require(lines.first { $0.hasPrefix("Swap:") }).split(separator: " ")
        #expect(UInt64(mem[1]) == memory.totalBytes)
        #expect(UInt64(swap[1]) == memory.swapTotalBytes)
    }

    @Test("the root filesystem's size equals what df -B1 / prints")
    func rootFilesystemMatchesDF() async throws {
        let df = try await FixturePaths.capture("/usr/bin/df", ["-P", "-B1", "/"])
        let usage = try #require(try FilesystemUsage.parseDF(df.stdout).first)
        var stats = statvfs()
        #expect(statvfs("/", &stats) == 0)
        #expect(usage.mountPoint == "/" && usage.totalBytes == UInt64(stats.f_blocks) * UInt64(stats.f_frsize))
        let mounts = try MountEntry.parse(try Self.read("/proc/self/mounts"))
        #expect(mounts.contains { $0.mountPoint == "/" })
    }

    @Test("a busy loop pinned to CPU 0 keeps that core busy and shows as about one core of CPU")
    func busyLoop() async throws {
        let spinner = try BusyLoop()
        defer { spinner.stop() }
        let pid = spinner.pid
        try await Task.sleep(for: .milliseconds(300))
        let statBefore = try ProcStat.parse(try Self.read("/proc/stat"))
        let before = try ProcessSample.parse(stat: try Self.read("/proc/\(pid)/stat"), status: nil, cmdline: nil)
        let began = ContinuousClock.now
        try await Task.sleep(for: .seconds(2))
        let statAfter = try ProcStat.parse(try Self.read("/proc/stat"))
        let after = try ProcessSample.parse(stat: try Self.read("/proc/\(pid)/stat"), status: nil, cmdline: nil)
        let seconds = (ContinuousClock.now - began) / .seconds(1)
        let core0 = try #require(CPUUsage.between(statBefore.cores[0].times, statAfter.cores[0].times))
        let total = try #require(CPUUsage.between(statBefore.total, statAfter.total))
        let loop = try #require(ProcessUsage.cpuPercent(before, after, seconds: seconds))
        #expect(core0.busy >= 90, "CPU 0 busy \(core0.busy) %")
        // Other tests run at the same time, so the total has a floor here, not a ceiling: one of two cores.
        #expect(total.busy >= 40, "total busy \(total.busy) %")
        // Niced to 19, the loop takes only what nothing else wants, so beside other tests it
        // may get little; alone (the quiet pass) it gets the whole core.
        #expect(loop >= 0 && loop <= 105, "the loop used \(loop) % of one CPU")
        // The total is every core's time together: the mean of the cores' own figures, whatever
        // else the machine runs (other processes may share it).
        let cores = zip(statBefore.cores, statAfter.cores).compactMap { CPUUsage.between($0.times, $1.times)?.busy }
        let mean = cores.reduce(0, +) / Double(max(cores.count, 1))
        #expect(cores.count == statAfter.cores.count && abs(total.busy - mean) <= 5, "total \(total.busy) %, mean of the cores \(mean) %")
        if ProcessInfo.processInfo.environment["VANTAGE_QUIET_MACHINE"] == "1" {
            // Nothing else of the tests running (scripts/test.sh's quiet pass): the loop had CPU 0
            // to itself, and the total holds at least its core.
            #expect(loop >= 90 && total.busy >= 100 / Double(statAfter.cores.count) - 10, "loop \(loop) %, total \(total.busy) %")
        }
        #expect(after.name == "sh" && after.state == "R")
    }

    @Test("bytes sent over loopback show up on lo")
    func loopbackBytes() async throws {
        let before = try #require(try InterfaceCounters.parse(try Self.read("/proc/net/dev")).first { $0.interface == "lo" })
        let script = """
        import socket, threading
        server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
        client = socket.create_connection(server.getsockname(), timeout=20); peer, _ = server.accept()
        peer.settimeout(20)
        def send():
            client.sendall(b"x" * 4194304); client.close()
        sender = threading.Thread(target=send); sender.start()
        received = 0
        while chunk := peer.recv(65536): received += len(chunk)
        sender.join()
        print(received)
        """
        let sent = try await FixturePaths.capture("/usr/bin/python3", ["-c", script])
        #expect(sent.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4194304", "\(sent.stderr)")
        let after = try #require(try InterfaceCounters.parse(try Self.read("/proc/net/dev")).first { $0.interface == "lo" })
        #expect(after.receivedBytes - before.receivedBytes >= 4_194_304 && after.sentBytes - before.sentBytes >= 4_194_304)
    }
}
