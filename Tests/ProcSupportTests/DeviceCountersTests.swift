import ProcSupport
import Testing

/// `/proc/diskstats`, `/proc/net/dev`, `/proc/mounts` and `df -P`, and the rates between
/// two readings.
@Suite("disks, interfaces and filesystems")
struct DeviceCountersTests {
    @Test("diskstats of 6.x (17 counters), of 2.6.18 (partitions with 4) and with CRLF")
    func diskstats() throws {
        let modern = try DiskCounters.parse(ProcFixtures.crlf(try ProcFixtures.text("debian12/diskstats")))
        let vda = try #require(modern.first { $0.device == "vda" })
        #expect(vda.major == 254 && vda.reads == 952209 && vda.readBytes == 76017554 * 512)
        #expect(vda.writes == 1002407 && vda.writtenBytes == 119885408 * 512 && vda.busyMilliseconds == 342364)
        let old = try DiskCounters.parse(try ProcFixtures.text("older/linux2618-diskstats"))
        #expect(old.map(\.device) == ["ram0", "sda", "sda1", "sda2"])
        #expect(old[2].reads == 8892 && old[2].readBytes == 265370 * 512 && old[2].writes == 10514 && old[2].busyMilliseconds == nil)
        #expect(old[1].busyMilliseconds == 42404)
    }

    @Test("disk rates as iostat prints them; a re-attached device leaves its figures out")
    func diskRates() throws {
        let before = try DiskCounters.parse("   8 0 sda 100 0 2000 10 50 0 4000 20 0 1000 30\n")[0]
        let after = try DiskCounters.parse("   8 0 sda 200 0 4000 10 150 0 8000 20 1 6000 30\n")[0]
        let rates = try #require(DiskRates.between(before, after, seconds: 10))
        #expect(rates.readsPerSecond == 10 && rates.writesPerSecond == 10)
        #expect(rates.readBytesPerSecond == 2000 * 512 / 10 && rates.writtenBytesPerSecond == 4000 * 512 / 10)
        #expect(rates.busyPercent == 50)
        let reattached = try #require(DiskRates.between(after, before, seconds: 10))
        #expect(reattached.readsPerSecond == nil && reattached.busyPercent == nil, "counters going back: a reset, not a rate")
        let big = try DiskCounters.parse("   8 0 sda 5000000000 0 8 1 1 0 8 1 0 1 1\n")[0]
        let reset = try DiskCounters.parse("   8 0 sda 5 0 8 1 1 0 8 1 0 1 1\n")[0]
        #expect(DiskRates.between(big, reset, seconds: 10)?.readsPerSecond == nil, "a counter past 32 bits never wraps at 32")
    }

    @Test("net/dev of 6.x, of 2.4 (no space after the colon), and its rates")
    func netdev() throws {
        let modern = try InterfaceCounters.parse(try ProcFixtures.text("debian12/net-dev"))
        #expect(modern.map(\.interface).contains("lo") && modern.map(\.interface).contains("eth0"))
        let old = try InterfaceCounters.parse(ProcFixtures.crlf(try ProcFixtures.text("older/linux24-net-dev")))
        #expect(old.map(\.interface) == ["lo", "eth0"])
        #expect(old[1].receivedBytes == 1215645 && old[1].receiveErrors == 1 && old[1].receiveDrops == 2)
        #expect(old[1].sentBytes == 1782404 && old[1].sentPackets == 4324 && old[1].sendErrors == 3 && old[1].sendDrops == 4)
        var later = old[1]
        later.receivedBytes += 10_000
        later.sentPackets += 50
        let rates = try #require(InterfaceRates.between(old[1], later, seconds: 5))
        #expect(rates.receivedBytesPerSecond == 2_000 && rates.sentPacketsPerSecond == 10 && rates.errorsPerSecond == 0)
        #expect(InterfaceRates.between(old[0], later, seconds: 5) == nil, "different interfaces")
    }

    @Test("a 32-bit interface counter that wrapped gives the bytes across the wrap")
    func netdevWrap() throws {
        let line = { (bytes: UInt64) in "  eth0: \(bytes) 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n" }
        let before = try InterfaceCounters.parse(line(UInt64(UInt32.max) - 999))[0]
        let after = try InterfaceCounters.parse(line(1_000))[0]
        #expect(InterfaceRates.between(before, after, seconds: 1)?.receivedBytesPerSecond == 2_000)
    }

    @Test("df -P in bytes, in BusyBox's 1024-byte blocks, and mount points with spaces")
    func df() throws {
        let here = try FilesystemUsage.parseDF(try ProcFixtures.text("debian12/df"))
        let root = try #require(here.first { $0.mountPoint == "/" })
        #expect(root.filesystem == "/dev/vda" && root.totalBytes == 270553174016 && root.usedPercent == 20)
        let busybox = try FilesystemUsage.parseDF(try ProcFixtures.text("older/busybox-df"))
        #expect(busybox == [FilesystemUsage(mountPoint: "/", filesystem: "/dev/root", totalBytes: 7451456 * 1024,
                                            usedBytes: 1498220 * 1024, availableBytes: 5612916 * 1024)])
        let spaced = try FilesystemUsage.parseDF("Filesystem 1-blocks Used Available Capacity Mounted on\r\n/dev/sdb1 100 40 60 40% /media/My  Disk\r\n")
        #expect(spaced.map(\.mountPoint) == ["/media/My  Disk"])
        for bad in ["Filesystem 1-blocks Used\n/dev/x 1 2\n", "Filesystem 0-blocks Used\n", "Filesystem 1-blocks\n/dev/x 1 1 1 1% relative\n",
                    "Filesystem 1-blocks\n/dev/x -1 1 1 1% /\n"] {
            #expect(throws: ProcParseError.self, "\(bad)") { try FilesystemUsage.parseDF(bad) }
        }
    }

    @Test("/proc/mounts with octal escapes; pseudo filesystems are marked")
    func mounts() throws {
        let here = try MountEntry.parse(try ProcFixtures.text("debian12/mounts"))
        #expect(here.contains { $0.mountPoint == "/" && $0.type == "ext4" && !$0.isPseudo })
        #expect(here.first { $0.type == "proc" }?.isPseudo == true)
        let escaped = try MountEntry.parse("/dev/sdb1 /media/My\\040Disk\\134x vfat rw 0 0\n/dev/sdc /a\\09 ext4 rw 0 0\n")
        #expect(escaped.map(\.mountPoint) == ["/media/My Disk\\x", "/a\\09"])
        #expect(throws: ProcParseError.self) { try MountEntry.parse("/dev/sda /\n") }
    }
}
