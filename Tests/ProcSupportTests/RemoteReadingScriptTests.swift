import FixtureServers
import Foundation
import ProcSupport
import Testing

/// The one command collector.ssh runs: run here by /bin/sh (dash, as on Debian hosts) and read
/// back, and its reader against forged, cut-off and CRLF output.
@Suite("the remote reading script")
struct RemoteReadingScriptTests {
    @Test("run by sh here, it reads what the local files say: memory, processes with their command lines, df")
    func runBySh() async throws {
        let nonce = "0123abcd"
        let run = try await FixturePaths.capture("/bin/sh", ["-c", RemoteReadingScript.script(nonce: nonce, processes: true)])
        #expect(run.status == 0, "\(run.stderr)")
        let bundle = try RemoteReadingScript.parse(run.stdout, nonce: nonce)
        let reading = try HostReading(bundle)
        let meminfo = try MemoryInfo.parse(try String(contentsOfFile: "/proc/meminfo", encoding: .utf8))
        #expect(reading.memory.totalBytes == meminfo.totalBytes)
        #expect(bundle.files["/proc/stat"] != nil && bundle.files["/etc/passwd"] != nil)
        #expect(reading.filesystems.contains { $0.mountPoint == "/" })
        let own = try #require(reading.processes.first { $0.pid == Int(getpid()) })
        #expect(own.command.contains("vantagePackageTests"), "\(own.command)")
        #expect(own.uid == getuid() && own.residentBytes > 1 << 20, "VmRSS and Uid come from the status lines")
        #expect(reading.processes.count > 10)
        #expect(reading.problems.isEmpty, "\(reading.problems)")
    }

    @Test("processes: false leaves out the process list")
    func withoutProcesses() async throws {
        let script = RemoteReadingScript.script(nonce: "n1", processes: false)
        #expect(!script.contains("/proc/[0-9]*"))
        let run = try await FixturePaths.capture("/bin/sh", ["-c", script])
        #expect(try RemoteReadingScript.parse(run.stdout, nonce: "n1").processes.isEmpty)
    }

    @Test("a file cannot forge a section without the nonce; a guessed marker of another nonce is file text")
    func forgedSections() throws {
        let output = "\n@@abc file /proc/stat\ncpu  1 2 3 4\n@@zzz file /proc/meminfo\nMemTotal: 1 kB\n"
            + "\n@@abc file /etc/shadow\nroot:secret\n\n@@abc processes\n/proc/1/stat:1 (init) S 0\0/proc/x/stat:bad\0/etc/passwd:root\0"
            + "\n@@abc end\n"
        let bundle = try RemoteReadingScript.parse(output, nonce: "abc")
        #expect(bundle.files["/proc/stat"] == "cpu  1 2 3 4\n@@zzz file /proc/meminfo\nMemTotal: 1 kB\n")
        #expect(bundle.files["/proc/meminfo"] == nil)
        #expect(bundle.files["/etc/shadow"] == nil, "only the files the script reads are kept")
        #expect(bundle.processes.keys.sorted() == [1])
    }

    @Test("output cut off before the end marker is an error")
    func cutOff() {
        #expect(throws: ProcParseError.self) { try RemoteReadingScript.parse("\n@@abc file /proc/stat\ncpu  1 2 3 4\n", nonce: "abc") }
        #expect(throws: ProcParseError.self) { try RemoteReadingScript.parse("", nonce: "abc") }
    }

    @Test("a file ending in CR, and CRLF status lines, do not hide the next marker")
    func carriageReturns() throws {
        let output = "\n@@abc file /etc/os-release\nID=debian\r\n@@abc file /proc/loadavg\n0.1 0.2 0.3 1/2 3\r"
            + "\n@@abc processes\n/proc/7/stat:7 (a b) R 1 7 7 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 100 1000 10 18446744073709551615\n\0"
            + "\n@@abc status\n/proc/7/status:Uid:\t1000\t1000\t1000\t1000\r\n/proc/7/status:VmRSS:\t  2048 kB\r\n"
            + "\n@@abc end\n"
        let bundle = try RemoteReadingScript.parse(output, nonce: "abc")
        #expect(bundle.files["/etc/os-release"] == "ID=debian\r")
        #expect(bundle.files["/proc/loadavg"] == "0.1 0.2 0.3 1/2 3\r")
        let sample = try ProcessSample.parse(stat: try #require(bundle.processes[7]?.stat), status: bundle.processes[7]?.status, cmdline: nil)
        #expect(sample.name == "a b" && sample.uid == 1000 && sample.residentBytes == 2048 * 1024)
    }

    @Test("a reading without /proc/stat or /proc/meminfo is an error naming the file; other files are optional")
    func requiredFiles() throws {
        #expect(throws: ProcParseError.self) { try HostReading(ProcFileBundle(files: ["/proc/meminfo": "MemTotal: 1 kB\nMemFree: 1 kB\n"])) }
        let reading = try HostReading(ProcFileBundle(files: ["/proc/stat": "cpu  1 2 3 4\n", "/proc/meminfo": "MemTotal: 1 kB\nMemFree: 1 kB\n",
                                                             "/proc/loadavg": "garbage\n"]))
        #expect(reading.load == nil && reading.problems.count == 1 && reading.problems[0].contains("/proc/loadavg"))
    }
}
