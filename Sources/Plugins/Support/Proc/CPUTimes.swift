/// The time one CPU (or all of them together) spent in each state since boot, in clock ticks
/// (`USER_HZ`, 100 per second on every Linux architecture): one `cpu` line of `/proc/stat`.
///
/// Kernels before 2.6 print only the first four; 2.6.0 added iowait, irq and softirq, 2.6.11
/// steal, 2.6.24 guest and 2.6.33 guest_nice. Counters a kernel does not print are zero.
public struct CPUTimes: Sendable, Hashable, Codable {
    /// Time in user mode.
    public var user: UInt64
    /// Time in user mode at low priority (nice).
    public var nice: UInt64
    /// Time in kernel mode.
    public var system: UInt64
    /// Time idle.
    public var idle: UInt64
    /// Time idle while waiting for I/O to complete.
    public var iowait: UInt64
    /// Time servicing hardware interrupts.
    public var irq: UInt64
    /// Time servicing software interrupts.
    public var softirq: UInt64
    /// Time stolen by the hypervisor for other guests.
    public var steal: UInt64
    /// Time running guests; already counted in `user`.
    public var guest: UInt64
    /// Time running niced guests; already counted in `nice`.
    public var guestNice: UInt64

    /// Creates the times of one CPU.
    public init(user: UInt64 = 0, nice: UInt64 = 0, system: UInt64 = 0, idle: UInt64 = 0, iowait: UInt64 = 0,
                irq: UInt64 = 0, softirq: UInt64 = 0, steal: UInt64 = 0, guest: UInt64 = 0, guestNice: UInt64 = 0) {
        self.user = user
        self.nice = nice
        self.system = system
        self.idle = idle
        self.iowait = iowait
        self.irq = irq
        self.softirq = softirq
        self.steal = steal
        self.guest = guest
        self.guestNice = guestNice
    }

    /// Reads the counters after the `cpu`/`cpuN` label; nil with fewer than four.
    init?(counters: ArraySlice<Substring>) {
        var values: [UInt64] = []
        for text in counters.prefix(10) {
            guard let value = ProcText.counter(text) else { return nil }
            values.append(value)
        }
        guard values.count >= 4 else { return nil }
        func at(_ index: Int) -> UInt64 { index < values.count ? values[index] : 0 }
        self.init(user: at(0), nice: at(1), system: at(2), idle: at(3), iowait: at(4), irq: at(5),
                  softirq: at(6), steal: at(7), guest: at(8), guestNice: at(9))
    }

    /// Every tick, once: guest time is inside user and nice, so it is not added again.
    public var total: UInt64 {
        [user, nice, system, idle, iowait, irq, softirq, steal].reduce(0) { $0.addingReportingOverflow($1).partialValue }
    }
}
