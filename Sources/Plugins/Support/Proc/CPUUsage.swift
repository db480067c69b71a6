/// The share of time each CPU state took between two readings of `/proc/stat`, in percent
/// (0–100 for one CPU or for all of them together, as `top` and `vmstat` print them).
public struct CPUUsage: Sendable, Hashable, Codable {
    /// Time in user mode.
    public var user: Double
    /// Time in user mode at low priority (nice).
    public var nice: Double
    /// Time in kernel mode.
    public var system: Double
    /// Time idle.
    public var idle: Double
    /// Time idle while waiting for I/O to complete.
    public var iowait: Double
    /// Time servicing hardware interrupts.
    public var irq: Double
    /// Time servicing software interrupts.
    public var softirq: Double
    /// Time stolen by the hypervisor for other guests.
    public var steal: Double

    /// Everything but idle and iowait: what the CPU was busy with.
    public var busy: Double { max(0, 100 - idle - iowait) }

    /// Creates a usage from percentages.
    public init(user: Double, nice: Double, system: Double, idle: Double, iowait: Double, irq: Double, softirq: Double, steal: Double) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
    }

    /// The usage from `previous` to `current`. A single counter that went back a little
    /// counts as zero (the kernel documents that iowait, and idle on tickless kernels, may
    /// decrease); nil when no tick passed or the total went backwards (a reboot, a CPU
    /// brought back online).
    public static func between(_ previous: CPUTimes, _ current: CPUTimes) -> CPUUsage? {
        guard current.total > previous.total else { return nil }
        func delta(_ path: KeyPath<CPUTimes, UInt64>) -> Double {
            let before = previous[keyPath: path], after = current[keyPath: path]
            return after >= before ? Double(after - before) : 0
        }
        let parts = [\CPUTimes.user, \.nice, \.system, \.idle, \.iowait, \.irq, \.softirq, \.steal].map(delta)
        let total = parts.reduce(0, +)
        guard total > 0 else { return nil }
        let percent = parts.map { $0 / total * 100 }
        return CPUUsage(user: percent[0], nice: percent[1], system: percent[2], idle: percent[3], iowait: percent[4],
                        irq: percent[5], softirq: percent[6], steal: percent[7])
    }
}
