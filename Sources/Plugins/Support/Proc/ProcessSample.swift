/// One process as `/proc/[pid]/stat`, `status` and `cmdline` describe it at one reading.
/// CPU use needs two readings: see `ProcessUsage`.
public struct ProcessSample: Sendable, Hashable, Codable {
    /// The process id.
    public var pid: Int
    /// The parent's process id.
    public var parentPID: Int
    /// The command name (`comm`, at most 15 bytes in the kernel), which may hold spaces and `)`.
    public var name: String
    /// The command line, arguments joined by spaces; empty for kernel threads and zombies.
    public var command: String
    /// The state letter: R running, S sleeping, D disk sleep, Z zombie, T stopped, I idle…
    public var state: String
    /// The real user id (`Uid:` of `status`); nil when `status` was not read.
    public var uid: UInt32?
    /// User plus system CPU time since the process started, in clock ticks (100 a second).
    public var cpuTicks: UInt64
    /// When the process started, in clock ticks after boot: with `pid`, what tells one
    /// process from a later one that reused its id.
    public var startTicks: UInt64
    /// Resident memory in bytes: `VmRSS` of `status`, else `rss` pages of `stat` × `pageSize`.
    public var residentBytes: UInt64
    /// Threads (`num_threads`).
    public var threads: UInt64

    /// Reads one process. `status` and `cmdline` may be nil (unreadable, or the process ended
    /// between reads); `stat` is required. `pageSize` converts `rss` when `status` has no `VmRSS`.
    public static func parse(stat: some StringProtocol, status: Substring?, cmdline: Substring?,
                             pageSize: UInt64 = 4_096) throws -> ProcessSample {
        let file = "/proc/[pid]/stat"
        // Bytes, not characters: the parentheses are found without walking graphemes, and the
        // pieces are cut exactly there even when a combining mark follows one.
        let bytes = Substring(stat).utf8
        guard bytes.count <= 4_096, let open = bytes.firstIndex(of: 0x28), let close = bytes.lastIndex(of: 0x29), open < close else {
            throw ProcParseError(file: file, message: "needs pid (comm) and at least 22 fields")
        }
        let name = String(Substring(bytes[bytes.index(after: open)..<close]).prefix(64))
        let head = ProcText.fields(Substring(bytes[..<open]))
        let rest = ProcText.fields(Substring(bytes[bytes.index(after: close)...]))
        // After "(comm)": state is field 3 of proc(5), so field n is rest[n - 3].
        func field(_ number: Int) -> UInt64? { rest.count > number - 3 ? ProcText.counter(rest[number - 3]) : nil }
        guard head.count == 1, let pid = ProcText.counter(head[0]), pid <= UInt64(Int32.max), rest.count >= 22,
              let parent = field(4), parent <= UInt64(Int32.max), let user = field(14), let system = field(15),
              let threads = field(20), let start = field(22), let rss = field(24) else {
            throw ProcParseError(file: file, message: "needs pid (comm) and at least 22 fields")
        }
        var sample = ProcessSample(pid: Int(pid), parentPID: Int(parent), name: name, command: "", state: String(rest[0].prefix(1)),
                                   uid: nil, cpuTicks: user.addingReportingOverflow(system).partialValue, startTicks: start,
                                   residentBytes: rss.multipliedReportingOverflow(by: pageSize).partialValue, threads: threads)
        if let status { try sample.read(status: status) }
        if let cmdline { sample.command = Self.command(cmdline) }
        return sample
    }

    /// Takes the real uid and `VmRSS` from `status`.
    private mutating func read(status: Substring) throws {
        guard status.utf8.count <= ProcText.maximumBytes else {
            throw ProcParseError(file: "/proc/[pid]/status", message: "is larger than \(ProcText.maximumBytes >> 20) MiB")
        }
        for line in ProcText.byteLines(status) {
            if line.hasPrefix("Uid:") {
                if let real = ProcText.fields(line.dropFirst(4)).first, let uid = ProcText.counter(real), uid <= UInt64(UInt32.max) {
                    self.uid = UInt32(uid)
                }
            } else if line.hasPrefix("VmRSS:") {
                let fields = ProcText.fields(line.dropFirst(6))
                if fields.count == 2, fields[1] == "kB", let kilobytes = ProcText.counter(fields[0]) {
                    residentBytes = kilobytes.multipliedReportingOverflow(by: 1_024).partialValue
                }
            }
        }
    }

    /// The arguments of `cmdline` (NUL-separated, often NUL-terminated) joined by spaces, with
    /// other control characters shown as spaces, at most 4,096 bytes (a character cut at the
    /// end shows as U+FFFD).
    static func command(_ cmdline: Substring) -> String {
        var bytes = cmdline.utf8.prefix(4_096).map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 }
        while bytes.last == 0x20 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
