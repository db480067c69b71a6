/// `/proc/stat`: the time every CPU spent in each state, the boot time and the scheduler's
/// counters (see proc(5)).
public struct ProcStat: Sendable, Hashable {
    /// One online CPU's times.
    public struct Core: Sendable, Hashable {
        /// The CPU's number (`cpu3` is 3).
        public var number: Int
        /// Its times since boot.
        public var times: CPUTimes
    }

    /// All CPUs together (the `cpu` line).
    public var total: CPUTimes
    /// Each online CPU (`cpu0`, `cpu1`, …) by its number, in the kernel's order. An offline
    /// CPU has no line, so numbers may have gaps.
    public var cores: [Core]
    /// Boot time in Unix seconds (`btime`); a different one in a later reading means a reboot.
    public var bootTime: UInt64?
    /// Context switches since boot (`ctxt`).
    public var contextSwitches: UInt64?
    /// Processes and threads created since boot (`processes`).
    public var processesCreated: UInt64?
    /// Runnable processes now (`procs_running`).
    public var processesRunning: UInt64?
    /// Processes blocked on I/O now (`procs_blocked`).
    public var processesBlocked: UInt64?

    /// Reads `/proc/stat`. Lines it does not know (`intr`, `softirq`, `page` of 2.4 kernels)
    /// are skipped; a `cpu` line with fewer than four counters, or none at all, is an error.
    public static func parse(_ text: some StringProtocol) throws -> ProcStat {
        let file = "/proc/stat"
        var total: CPUTimes?
        var cores: [Core] = []
        var stat = ProcStat(total: CPUTimes(), cores: [])
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            let fields = ProcText.fields(line)
            guard let label = fields.first else { continue }
            if label.hasPrefix("cpu") {
                guard let times = CPUTimes(counters: fields.dropFirst()) else {
                    throw ProcParseError(file: file, line: index + 1, message: "\(label.prefix(16)) needs at least 4 counters (user nice system idle)")
                }
                let number = label.dropFirst(3)
                if number.isEmpty {
                    total = times
                } else if let core = Int(number), core >= 0, core < 65_536, number.utf8.count <= 5 {
                    guard cores.count < 8_192 else { throw ProcParseError(file: file, line: index + 1, message: "more than 8192 CPUs") }
                    cores.append(Core(number: core, times: times))
                }
                continue
            }
            let value = fields.count == 2 ? ProcText.counter(fields[1]) : nil
            switch label {
            case "btime": stat.bootTime = value
            case "ctxt": stat.contextSwitches = value
            case "processes": stat.processesCreated = value
            case "procs_running": stat.processesRunning = value
            case "procs_blocked": stat.processesBlocked = value
            default: break
            }
        }
        guard let total else { throw ProcParseError(file: file, message: "has no cpu line") }
        stat.total = total
        stat.cores = cores
        return stat
    }
}
