import Foundation

/// libFuzzer entry point: every `/proc` parser over arbitrary text (what a remote host, or
/// anything pretending to be one, prints over SSH). The first byte chooses the parser; rates
/// are computed between the reading and itself, so the arithmetic runs on hostile values too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    switch bytes[0] % 13 {
    case 0:
        if let stat = try? ProcStat.parse(text) { _ = CPUUsage.between(stat.total, stat.total) }
    case 1: _ = try? MemoryInfo.parse(text)
    case 2:
        for disk in (try? DiskCounters.parse(text)) ?? [] { _ = DiskRates.between(disk, disk, seconds: 1) }
    case 3:
        for interface in (try? InterfaceCounters.parse(text)) ?? [] { _ = InterfaceRates.between(interface, interface, seconds: 1) }
    case 4: _ = try? LoadAverage.parse(text)
    case 5: _ = try? Uptime.parse(text)
    case 6: _ = try? OSRelease.parse(text)
    case 7: _ = try? CPUInfo.parse(text)
    case 8: _ = try? MountEntry.parse(text)
    case 9: _ = try? FilesystemUsage.parseDF(text)
    case 10: _ = try? UserNames.parse(text)
    case 12:
        // What collector.ssh's remote command printed (nonce "n"), read into a whole reading.
        if let bundle = try? RemoteReadingScript.parse(text, nonce: "n") { _ = try? HostReading(bundle) }
    default:
        let parts = text.split(separator: "\u{0}", maxSplits: 2, omittingEmptySubsequences: false)
        if let sample = try? ProcessSample.parse(stat: parts[0], status: parts.count > 1 ? parts[1] : nil,
                                                  cmdline: parts.count > 2 ? parts[2] : nil, pageSize: 4096) {
            _ = ProcessUsage.cpuPercent(sample, sample, seconds: 1)
        }
    }
    return 0
}
