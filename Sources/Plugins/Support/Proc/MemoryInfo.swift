/// `/proc/meminfo` in bytes, with `used` and `available` computed the way `free` (procps-ng
/// 4) computes them.
public struct MemoryInfo: Sendable, Hashable, Codable {
    /// Usable RAM (`MemTotal`).
    public var totalBytes: UInt64
    /// RAM not used for anything (`MemFree`).
    public var freeBytes: UInt64
    /// RAM available for new work without swapping: `MemAvailable` (Linux 3.14 and later), or
    /// on older kernels free + buffers + page cache + reclaimable slab, as procps estimated it.
    public var availableBytes: UInt64
    /// Block-device buffers (`Buffers`).
    public var buffersBytes: UInt64
    /// Page cache and reclaimable slab (`Cached` + `SReclaimable`): `free`'s "cache".
    public var cachedBytes: UInt64
    /// Swap space (`SwapTotal`).
    public var swapTotalBytes: UInt64
    /// Unused swap space (`SwapFree`).
    public var swapFreeBytes: UInt64

    /// RAM in use: total minus available (`free`'s "used").
    public var usedBytes: UInt64 { totalBytes > availableBytes ? totalBytes - availableBytes : 0 }
    /// Swap in use.
    public var swapUsedBytes: UInt64 { swapTotalBytes > swapFreeBytes ? swapTotalBytes - swapFreeBytes : 0 }
    /// RAM in use, in percent of the total.
    public var usedPercent: Double { totalBytes == 0 ? 0 : Double(usedBytes) / Double(totalBytes) * 100 }

    /// Reads `/proc/meminfo`. `MemTotal` and `MemFree` are required; other keys default to zero
    /// and keys it does not know are skipped.
    public static func parse(_ text: some StringProtocol) throws -> MemoryInfo {
        let file = "/proc/meminfo"
        var values: [Substring: UInt64] = [:]
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            guard Self.keys.contains(key) else { continue }
            let fields = ProcText.fields(line[line.index(after: colon)...])
            guard (1...2).contains(fields.count), let number = ProcText.counter(fields[0]) else {
                throw ProcParseError(file: file, line: index + 1, message: "\(key) needs a number of kB")
            }
            let unit: UInt64 = fields.count == 2 ? (fields[1] == "kB" ? 1024 : 0) : 1
            let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
            guard unit != 0, !overflow else {
                throw ProcParseError(file: file, line: index + 1, message: "\(key) is not a byte count in kB")
            }
            values[key] = bytes
        }
        guard let total = values["MemTotal"], let free = values["MemFree"] else {
            throw ProcParseError(file: file, message: "needs MemTotal and MemFree")
        }
        let buffers = values["Buffers"] ?? 0
        let cached = (values["Cached"] ?? 0).addingReportingOverflow(values["SReclaimable"] ?? 0).partialValue
        let estimate = [free, buffers, cached].reduce(UInt64(0)) { $0.addingReportingOverflow($1).partialValue }
        return MemoryInfo(totalBytes: total, freeBytes: free, availableBytes: min(values["MemAvailable"] ?? estimate, total),
                          buffersBytes: buffers, cachedBytes: cached,
                          swapTotalBytes: values["SwapTotal"] ?? 0, swapFreeBytes: values["SwapFree"] ?? 0)
    }

    private static let keys: Set<Substring> = ["MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SReclaimable", "SwapTotal", "SwapFree"]
}
