import FixtureServers
import Foundation
import Testing

/// Children started by the harness must stop on SIGTERM, even when started from a
/// concurrency thread whose signal mask blocks it.
@Suite("fixture processes")
struct FixtureSpawnTests {
    @Test func aSpawnedChildHasNoBlockedOrIgnoredSignals() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-spawn-\(UUID().uuidString).log").path
        defer { unlink(log) }
        let pid = try FixturePaths.spawn("/bin/sleep", ["30"], output: log)
        defer { kill(pid, SIGKILL); var status: Int32 = 0; waitpid(pid, &status, 0) }
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let fields = Dictionary(status.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }, uniquingKeysWith: { first, _ in first })
        #expect(fields["SigBlk"] == "0000000000000000", "the child inherited a blocked signal mask: \(fields["SigBlk"] ?? "?")")
        // Signals 1 to 31 (glibc keeps its own real-time signals 32 and 33 to itself).
        let ignored = UInt64(fields["SigIgn"] ?? "", radix: 16) ?? .max
        #expect(ignored & 0x7FFF_FFFF == 0, "the child inherited ignored signals: \(fields["SigIgn"] ?? "?")")
    }

    @Test func aSpawnedChildStopsOnSIGTERM() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-spawn-\(UUID().uuidString).log").path
        defer { unlink(log) }
        let pid = try FixturePaths.spawn("/bin/sleep", ["30"], output: log)
        kill(pid, SIGTERM)
        let status = await Task.detached {
            var status: Int32 = 0
            for _ in 0..<100 {
                if waitpid(pid, &status, WNOHANG) == pid { return status }
                usleep(50_000)
            }
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            return Int32(-1)
        }.value
        #expect(status & 0x7F == SIGTERM, "the child did not stop on SIGTERM within 5 s (wait status \(status))")
    }
}
