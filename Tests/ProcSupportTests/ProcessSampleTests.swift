import ProcSupport
import Testing

/// `/proc/[pid]/stat`, `status` and `cmdline`, and CPU percent between two readings.
@Suite("processes")
struct ProcessSampleTests {
    static let sshdStat = "812 (sshd) S 1 812 812 0 -1 4194560 1454 3215 0 0 3 7 2 1 20 0 1 0 1598 15491072 2285 18446744073709551615 1 1 0 0 0 0 0 4096 16385 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
    static let sshdStatus = "Name:\tsshd\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t812\nPid:\t812\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nVmRSS:\t    9140 kB\nThreads:\t1\n"

    @Test("a daemon: stat, status and a NUL-separated command line")
    func daemon() throws {
        let sample = try ProcessSample.parse(stat: Self.sshdStat, status: Substring(Self.sshdStatus),
                                             cmdline: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups\0")
        #expect(sample.pid == 812 && sample.parentPID == 1 && sample.name == "sshd" && sample.state == "S")
        #expect(sample.uid == 0 && sample.cpuTicks == 10 && sample.startTicks == 1598 && sample.threads == 1)
        #expect(sample.residentBytes == 9140 * 1024, "VmRSS of status wins over rss pages")
        #expect(sample.command == "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")
        let argv = try ProcessSample.parse(stat: Self.sshdStat, status: nil, cmdline: "/usr/bin/python3\0-c\0print(1)\0")
        #expect(argv.command == "/usr/bin/python3 -c print(1)" && argv.residentBytes == 2285 * 4096 && argv.uid == nil)
    }

    @Test("a name holding spaces, parentheses and a newline is read up to the last parenthesis")
    func hostileName() throws {
        let stat = "4242 (a) S 1 (b\nc) R 1 4242 4242 0 -1 0 0 0 0 0 50 25 0 0 20 0 3 0 9000 1000 10 0 0\n"
        let sample = try ProcessSample.parse(stat: stat, status: nil, cmdline: "\u{1b}[31mred\0\ttab\0")
        #expect(sample.name == "a) S 1 (b\nc" && sample.state == "R" && sample.cpuTicks == 75 && sample.threads == 3)
        #expect(sample.command == " [31mred  tab", "control characters shown as spaces")
    }

    @Test("a kernel thread has no command line; truncated or hostile stat is an error", arguments: [
        "", "812", "812 (sshd", "812 sshd) S 1", "812 (sshd) S 1 2 3", "x (sshd) S 1 812 812 0 -1 4194560 1454 3215 0 0 3 7 2 1 20 0 1 0 1598 15491072 2285",
        "812 (sshd) S -1 812 812 0 -1 4194560 1454 3215 0 0 3 7 2 1 20 0 1 0 1598 15491072 2285",
        "99999999999 (sshd) S 1 812 812 0 -1 4194560 1454 3215 0 0 3 7 2 1 20 0 1 0 1598 15491072 2285",
    ])
    func truncated(stat: String) {
        #expect(throws: ProcParseError.self) { try ProcessSample.parse(stat: stat, status: nil, cmdline: nil) }
    }

    @Test("CPU percent of one CPU between readings, a reused pid, and a process new since the last reading")
    func cpuPercent() throws {
        let before = try ProcessSample.parse(stat: Self.sshdStat, status: nil, cmdline: nil)
        var after = before
        after.cpuTicks += 150
        #expect(ProcessUsage.cpuPercent(before, after, seconds: 1) == 150, "one and a half cores")
        var reused = after
        reused.startTicks += 1
        #expect(ProcessUsage.cpuPercent(before, reused, seconds: 1) == nil)
        // New since the last reading: started at 10 s, now 20 s after boot, 5 s of CPU: 50 %.
        var newcomer = before
        newcomer.pid = 900
        newcomer.startTicks = 1_000
        newcomer.cpuTicks = 500
        let percents = ProcessUsage.cpuPercents(previous: [before], current: [after, newcomer], seconds: 1, uptime: 20)
        #expect(percents[812] == 150 && percents[900] == 50)
    }
}
