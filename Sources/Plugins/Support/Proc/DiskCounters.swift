/// One block device's I/O counters from `/proc/diskstats` (see the kernel's
/// Documentation/admin-guide/iostats.rst). Sectors are always 512 bytes there, whatever the
/// device's own sector size.
public struct DiskCounters: Sendable, Hashable, Codable {
    /// The device's name (`sda`, `nvme0n1p1`, `dm-0`).
    public var device: String
    /// The device's major number.
    public var major: UInt64
    /// The device's minor number.
    public var minor: UInt64
    /// Reads completed.
    public var reads: UInt64
    /// Bytes read.
    public var readBytes: UInt64
    /// Writes completed.
    public var writes: UInt64
    /// Bytes written.
    public var writtenBytes: UInt64
    /// Milliseconds spent reading; nil on kernels before 2.6.25, which print four counters per partition.
    public var readMilliseconds: UInt64?
    /// Milliseconds spent writing.
    public var writeMilliseconds: UInt64?
    /// I/Os in flight now.
    public var inProgress: UInt64?
    /// Milliseconds the device had I/O in flight (busy time; `iostat`'s %util comes from it).
    public var busyMilliseconds: UInt64?

    /// Reads every line of `/proc/diskstats`: 14 fields (4.18 adds four discard counters and
    /// 5.5 two flush counters, which are skipped) or the 7 fields of a partition on kernels
    /// before 2.6.25.
    public static func parse(_ text: some StringProtocol) throws -> [DiskCounters] {
        let file = "/proc/diskstats"
        var disks: [DiskCounters] = []
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            let numbers = fields.dropFirst(3).map(ProcText.counter)
            guard fields.count == 7 || fields.count >= 14, let major = ProcText.counter(fields[0]),
                  let minor = ProcText.counter(fields[1]), !numbers.contains(nil) else {
                throw ProcParseError(file: file, line: index + 1, message: "needs major, minor, a name and 4 or at least 11 counters")
            }
            let counters = numbers.map { $0 ?? 0 }
            let device = String(fields[2].prefix(64))
            func bytes(_ sectors: UInt64) -> UInt64 { sectors.multipliedReportingOverflow(by: 512).partialValue }
            if counters.count == 4 {
                disks.append(DiskCounters(device: device, major: major, minor: minor, reads: counters[0], readBytes: bytes(counters[1]),
                                          writes: counters[2], writtenBytes: bytes(counters[3])))
            } else {
                disks.append(DiskCounters(device: device, major: major, minor: minor, reads: counters[0], readBytes: bytes(counters[2]),
                                          writes: counters[4], writtenBytes: bytes(counters[6]), readMilliseconds: counters[3],
                                          writeMilliseconds: counters[7], inProgress: counters[8], busyMilliseconds: counters[9]))
            }
            guard disks.count <= 16_384 else { throw ProcParseError(file: file, message: "lists more than 16384 devices") }
        }
        return disks
    }
}
