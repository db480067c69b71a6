import ProcSupport
import Testing

/// `/proc/stat` of three kernel generations, CPU percentages from two readings, and counters
/// that wrap or go backwards.
@Suite("/proc/stat and counters")
struct ProcStatTests {
    @Test("a 6.x kernel: totals, two cores, boot time and scheduler counters, with any line end",
          arguments: ["lf", "crlf", "cr"])
    func modernKernel(lineEnd: String) throws {
        let raw = try ProcFixtures.text("debian12/stat")
        let text = lineEnd == "crlf" ? ProcFixtures.crlf(raw) : lineEnd == "cr" ? ProcFixtures.cr(raw) : raw
        let stat = try ProcStat.parse(text)
        #expect(stat.total == CPUTimes(user: 2254600, nice: 2, system: 241028, idle: 7977524, iowait: 18764, irq: 0, softirq: 19454, steal: 9991))
        #expect(stat.cores.map(\.number) == [0, 1])
        #expect(stat.cores[1].times.user == 1211599 && stat.cores[1].times.steal == 4909)
        #expect(stat.bootTime != nil && stat.contextSwitches != nil && stat.processesCreated != nil)
        #expect(stat.processesRunning != nil && stat.processesBlocked != nil)
    }

    @Test("a 2.4 kernel prints four counters and extra lines; 2.6.32 prints guest time")
    func olderKernels() throws {
        let old = try ProcStat.parse(try ProcFixtures.text("older/linux24-stat"))
        #expect(old.total == CPUTimes(user: 1139, nice: 0, system: 583, idle: 109856))
        #expect(old.cores.count == 1 && old.bootTime == 1062191376 && old.contextSwitches == 1990473)
        let rhel6 = try ProcStat.parse(try ProcFixtures.text("older/linux2632-stat"))
        #expect(rhel6.cores.map(\.number) == [0, 1, 2, 3])
        #expect(rhel6.total.guest == 175628)
        #expect(rhel6.total.total == 10132153 + 290696 + 3084719 + 46828483 + 16683 + 25195, "guest time is inside user time")
    }

    @Test("truncated and hostile /proc/stat is an error naming the line, never a crash",
          arguments: [
            ("", "has no cpu line"),
            ("intr 1 2 3\n", "has no cpu line"),
            ("cpu  1 2 3\n", "line 1: cpu needs at least 4 counters"),
            ("cpu  1 2 3 x\n", "line 1: cpu needs at least 4 counters"),
            ("cpu  1 2 3 -4\n", "line 1: cpu needs at least 4 counters"),
            ("cpu  1 2 3 4\ncpu0 99999999999999999999999 0 0 0\n", "line 2: cpu0 needs at least 4 counters"),
          ])
    func hostile(text: String, message: String) {
        #expect(throws: ProcParseError.self) { try ProcStat.parse(text) }
        do { _ = try ProcStat.parse(text) } catch { #expect("\(error)".contains(message), "\(error)") }
    }

    @Test("CPU percentages come from two readings and add up to 100")
    func usage() throws {
        let before = CPUTimes(user: 100, nice: 0, system: 50, idle: 800, iowait: 50)
        let after = CPUTimes(user: 200, nice: 0, system: 100, idle: 1000, iowait: 100)
        let usage = try #require(CPUUsage.between(before, after))
        #expect(usage.user == 25 && usage.system == 12.5 && usage.idle == 50 && usage.iowait == 12.5)
        #expect(usage.busy == 37.5)
        #expect(usage.user + usage.nice + usage.system + usage.idle + usage.iowait + usage.irq + usage.softirq + usage.steal == 100)
    }

    @Test("iowait going back a little counts as zero; a total going back (a reboot) gives no figure")
    func countersGoingBack() throws {
        let before = CPUTimes(user: 100, system: 100, idle: 700, iowait: 100)
        let dipped = CPUTimes(user: 200, system: 100, idle: 800, iowait: 95)
        let usage = try #require(CPUUsage.between(before, dipped))
        #expect(usage.iowait == 0 && usage.user == 50 && usage.idle == 50)
        #expect(CPUUsage.between(before, CPUTimes(user: 5, system: 5, idle: 20)) == nil, "rebooted")
        #expect(CPUUsage.between(before, before) == nil, "no tick passed")
    }

    @Test("a counter that wrapped at 32 bits counts across the wrap; one that was reset gives no increase")
    func counterDelta() {
        #expect(CounterDelta.between(10, 25) == 15)
        #expect(CounterDelta.between(UInt64(UInt32.max) - 9, 5) == 15, "32-bit wrap")
        #expect(CounterDelta.between(1_000_000, 10) == nil, "a reset: the wrapped increase would be over half the range")
        #expect(CounterDelta.between(UInt64(1) << 40, 5) == nil, "a 64-bit counter never wraps in practice: reset")
        #expect(CounterDelta.rate(0, 500, seconds: 10) == 50)
        #expect(CounterDelta.rate(0, 500, seconds: 0) == nil)
    }
}
