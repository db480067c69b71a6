/// A process's CPU use between two readings, as `top` shows it: percent of one CPU, so a
/// process using two cores fully shows 200.
public enum ProcessUsage {
    /// Clock ticks per second in `/proc` (`USER_HZ`): 100 on every Linux architecture.
    public static let ticksPerSecond = 100.0

    /// The CPU percent of `current` since `previous` over `seconds`; nil when they are not the
    /// same process (another start time: the id was reused) or no time passed.
    public static func cpuPercent(_ previous: ProcessSample, _ current: ProcessSample, seconds: Double) -> Double? {
        guard previous.pid == current.pid, previous.startTicks == current.startTicks, seconds > 0, seconds.isFinite,
              current.cpuTicks >= previous.cpuTicks else { return nil }
        return Double(current.cpuTicks - previous.cpuTicks) / ticksPerSecond / seconds * 100
    }

    /// The CPU percent of each process in `current`, matched to `previous` by id and start time.
    /// A process not in `previous` (new since, or `previous` is empty) is measured over its
    /// whole life, as `ps` does (`uptime` is the seconds since boot at the current reading).
    public static func cpuPercents(previous: [ProcessSample], current: [ProcessSample], seconds: Double,
                                   uptime: Double) -> [Int: Double] {
        var before: [Int: ProcessSample] = [:]
        for sample in previous { before[sample.pid] = sample }
        var percents: [Int: Double] = [:]
        for sample in current {
            if let earlier = before[sample.pid], earlier.startTicks == sample.startTicks {
                percents[sample.pid] = cpuPercent(earlier, sample, seconds: seconds)
            } else {
                let lifetime = uptime - Double(sample.startTicks) / ticksPerSecond
                percents[sample.pid] = lifetime > 0 ? Double(sample.cpuTicks) / ticksPerSecond / lifetime * 100 : nil
            }
        }
        return percents
    }
}
