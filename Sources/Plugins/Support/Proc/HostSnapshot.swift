import Foundation
import Kernel

/// What one collection reports: the samples of a reading (rates against the previous reading
/// of the same host), the host's facts and its processes.
///
/// Rates need two readings. Their interval is measured on the host's own clock
/// (`/proc/uptime`), so the latency of an SSH round trip does not skew them. Without a
/// previous reading, or after a reboot (uptime went back, another boot time), CPU is reported
/// as the average since boot (as `vmstat`'s first line) and the other rates are left out;
/// counters going back on one device (a driver reload) leave out only that device's rates.
public struct HostSnapshot: Sendable {
    /// The samples, every one stamped with the reading's time.
    public var samples: [Sample]
    /// The host's facts.
    public var system: SystemInfo
    /// Every process read, unsorted.
    public var processes: [HostProcess]
    /// Seconds since the previous reading the rates cover; nil when they cover the time since boot.
    public var interval: Double?
    /// Files that could not be read, in words.
    public var problems: [String]

    /// The snapshot of `current`, with rates against `previous` when it is a reading of the
    /// same boot.
    public init(previous: HostReading?, current: HostReading) {
        let interval = previous.flatMap { Self.interval(from: $0, to: current) }
        self.interval = interval
        let earlier = interval == nil ? nil : previous
        system = SystemInfo(current)
        problems = current.problems
        var builder = SampleBuilder(timestamp: current.timestamp)
        builder.cpu(previous: earlier?.stat, current: current.stat)
        builder.memory(current.memory)
        if let load = current.load {
            builder.add("load_1m", load.one)
            builder.add("load_5m", load.five)
            builder.add("load_15m", load.fifteen)
        }
        if let uptime = current.uptime { builder.add("uptime_seconds", uptime.seconds) }
        if let running = current.stat.processesRunning { builder.add("processes_running", Double(running)) }
        if let blocked = current.stat.processesBlocked { builder.add("processes_blocked", Double(blocked)) }
        if !current.processes.isEmpty { builder.add("processes_total", Double(current.processes.count)) }
        builder.disks(previous: earlier?.disks ?? [], current: current.disks, seconds: interval)
        builder.interfaces(previous: earlier?.interfaces ?? [], current: current.interfaces, seconds: interval)
        builder.filesystems(current.filesystems)
        samples = builder.samples
        processes = Self.processes(previous: earlier, current: current, seconds: interval)
    }

    /// Seconds between two readings of the same boot; nil after a reboot or when no time passed.
    static func interval(from previous: HostReading, to current: HostReading) -> Double? {
        if let before = previous.stat.bootTime, let after = current.stat.bootTime, before.distance(to: after).magnitude > 2 {
            return nil
        }
        let seconds: Double
        if let before = previous.uptime?.seconds, let after = current.uptime?.seconds {
            seconds = after - before
        } else {
            seconds = current.timestamp.timeIntervalSince(previous.timestamp)
        }
        return seconds > 0 && seconds.isFinite ? seconds : nil
    }

    private static func processes(previous: HostReading?, current: HostReading, seconds: Double?) -> [HostProcess] {
        let uptime = current.uptime?.seconds ?? 0
        let percents = ProcessUsage.cpuPercents(previous: previous?.processes ?? [], current: current.processes,
                                                seconds: seconds ?? 0, uptime: uptime)
        let memory = Double(current.memory.totalBytes)
        return current.processes.map { sample in
            HostProcess(pid: sample.pid, parentPID: sample.parentPID, name: sample.name, command: sample.command,
                        user: sample.uid.map { current.users.name(of: $0) }, state: sample.state,
                        cpuPercent: percents[sample.pid].map { ($0 * 10).rounded() / 10 },
                        residentBytes: sample.residentBytes,
                        memoryPercent: memory > 0 ? (Double(sample.residentBytes) / memory * 1_000).rounded() / 10 : 0,
                        threads: sample.threads)
        }
    }
}
