import ProcSupport
import Testing

/// `/proc/meminfo`, `loadavg`, `uptime`, `cpuinfo`, `/etc/os-release` and `/etc/passwd`.
@Suite("memory, load, uptime and system information")
struct SystemFilesTests {
    @Test("meminfo of a 6.x kernel, in bytes, used as free computes it")
    func meminfo() throws {
        let memory = try MemoryInfo.parse(try ProcFixtures.text("debian12/meminfo"))
        #expect(memory.totalBytes > 1 << 30 && memory.totalBytes % 1024 == 0)
        #expect(memory.availableBytes <= memory.totalBytes && memory.usedBytes == memory.totalBytes - memory.availableBytes)
        #expect(try MemoryInfo.parse(ProcFixtures.crlf(try ProcFixtures.text("debian12/meminfo"))) == memory)
    }

    @Test("meminfo of 2.6.32 has no MemAvailable: it is estimated as procps did")
    func meminfoWithoutAvailable() throws {
        let memory = try MemoryInfo.parse(try ProcFixtures.text("older/rhel6-meminfo"))
        #expect(memory.totalBytes == 1922092 * 1024)
        #expect(memory.cachedBytes == (1255452 + 99364) * 1024)
        #expect(memory.availableBytes == (151760 + 108584 + 1255452 + 99364) * 1024)
        #expect(memory.swapUsedBytes == (4063228 - 4060424) * 1024)
    }

    @Test("bad meminfo is an error naming the key", arguments: [
        ("MemFree: 10 kB\n", "needs MemTotal and MemFree"),
        ("MemTotal: ten kB\nMemFree: 1 kB\n", "line 1: MemTotal needs a number of kB"),
        ("MemTotal: 10 MB\nMemFree: 1 kB\n", "line 1: MemTotal is not a byte count in kB"),
        ("MemTotal: 18014398509481984 kB\nMemFree: 1 kB\n", "line 1: MemTotal is not a byte count in kB"),
        ("MemTotal: 99999999999999999999 kB\nMemFree: 1 kB\n", "line 1: MemTotal needs a number of kB"),
    ])
    func badMeminfo(text: String, message: String) {
        do { _ = try MemoryInfo.parse(text); Issue.record("accepted \(text)") } catch { #expect("\(error)".contains(message), "\(error)") }
    }

    @Test("load averages, uptime, and their bad forms")
    func loadAndUptime() throws {
        #expect(try LoadAverage.parse("0.20 0.18 0.12 1/80 11206\n") == LoadAverage(one: 0.2, five: 0.18, fifteen: 0.12, runnable: 1, tasks: 80))
        #expect(try LoadAverage.parse(try ProcFixtures.text("debian12/loadavg")).tasks != nil)
        #expect(try Uptime.parse("350735.47 234388.90\r\n") == Uptime(seconds: 350735.47, idleSeconds: 234388.90))
        for bad in ["", "0.20 0.18\n", "nan 1 1\n", "-1 0 0\n", "1e9 0 0\n"] {
            #expect(throws: ProcParseError.self, "\(bad)") { try LoadAverage.parse(bad) }
        }
        for bad in ["", "\n", "inf 1\n", "1..2 3\n"] {
            #expect(throws: ProcParseError.self, "\(bad)") { try Uptime.parse(bad) }
        }
    }

    @Test("cpuinfo: the model and cores of x86 with hyper-threads, of arm64, and of this machine")
    func cpuinfo() throws {
        let xeon = try CPUInfo.parse(try ProcFixtures.text("older/xeon-ht-cpuinfo"))
        #expect(xeon == CPUInfo(model: "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", logicalCPUs: 4, physicalCores: 2))
        let pi = try CPUInfo.parse(ProcFixtures.crlf(try ProcFixtures.text("older/raspberrypi4-cpuinfo")))
        #expect(pi == CPUInfo(model: "Raspberry Pi 4 Model B Rev 1.1", logicalCPUs: 2, physicalCores: 2))
        let here = try CPUInfo.parse(try ProcFixtures.text("debian12/cpuinfo"))
        #expect(here.logicalCPUs == 2 && here.model?.isEmpty == false)
        #expect(throws: ProcParseError.self) { try CPUInfo.parse("model name : x\n") }
    }

    @Test("os-release: quoting and escapes as os-release(5) allows, comments and junk skipped")
    func osRelease() throws {
        let ubuntu = try OSRelease.parse(try ProcFixtures.text("older/ubuntu-os-release"))
        #expect(ubuntu.prettyName == "Ubuntu 22.04.4 LTS" && ubuntu.id == "ubuntu")
        #expect(ubuntu.values["HOME_URL"] == "https://www.ubuntu.com/")
        #expect(ubuntu.values["BUG_REPORT_URL"] == #"https://bugs.launchpad.net/ubuntu/"quoted" $HOME \ end"#)
        #expect(ubuntu.values["lowercase"] == nil && ubuntu.values.count == 9)
        let debian = try OSRelease.parse(try ProcFixtures.text("debian12/os-release"))
        #expect(debian.id == "debian" && debian.prettyName.hasPrefix("Debian GNU/Linux 12"))
        #expect(try OSRelease.parse("").prettyName == "Linux")
        #expect(try OSRelease.parse("NAME=\"Unterminated\n").values.isEmpty)
    }

    @Test("/etc/passwd gives user names by uid; the first line of a uid wins")
    func passwd() throws {
        let names = try UserNames.parse("root:x:0:0:root:/root:/bin/bash\r\n# comment\nbroken\ntoor:x:0:0::/:/bin/sh\nsshd:x:104:65534::/run/sshd:/usr/sbin/nologin\n")
        #expect(names.name(of: 0) == "root" && names.name(of: 104) == "sshd" && names.name(of: 4242) == "4242")
    }
}
