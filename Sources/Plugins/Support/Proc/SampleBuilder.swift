import Foundation
import Kernel

/// Turns readings into `Sample`s with one naming scheme: snake case, the unit last
/// (`memory_used_bytes`, `disk_read_bytes_per_second`, `cpu_busy_percent`), the device,
/// interface, mount point or CPU as a label.
struct SampleBuilder {
    let timestamp: Date
    private(set) var samples: [Sample] = []

    init(timestamp: Date) {
        self.timestamp = timestamp
        samples.reserveCapacity(128)
    }

    mutating func add(_ name: String, _ value: Double?, _ labels: [String: String] = [:]) {
        guard let value, value.isFinite else { return }
        samples.append(Sample(name: name, labels: labels, value: value, timestamp: timestamp))
    }

    /// Total and per-CPU busy percent, and the total by mode; since boot without `previous`.
    mutating func cpu(previous: ProcStat?, current: ProcStat) {
        guard let total = CPUUsage.between(previous?.total ?? CPUTimes(), current.total) else { return }
        add("cpu_busy_percent", total.busy)
        for (mode, value) in [("user", total.user), ("nice", total.nice), ("system", total.system), ("idle", total.idle),
                              ("iowait", total.iowait), ("irq", total.irq), ("softirq", total.softirq), ("steal", total.steal)] {
            add("cpu_mode_percent", value, ["mode": mode])
        }
        var before: [Int: CPUTimes] = [:]
        for core in previous?.cores ?? [] { before[core.number] = core.times }
        for core in current.cores {
            let usage = previous == nil ? CPUUsage.between(CPUTimes(), core.times) : before[core.number].flatMap { CPUUsage.between($0, core.times) }
            add("cpu_busy_percent", usage?.busy, ["cpu": String(core.number)])
        }
    }

    mutating func memory(_ memory: MemoryInfo) {
        add("memory_total_bytes", Double(memory.totalBytes))
        add("memory_used_bytes", Double(memory.usedBytes))
        add("memory_available_bytes", Double(memory.availableBytes))
        add("memory_free_bytes", Double(memory.freeBytes))
        add("memory_buffers_bytes", Double(memory.buffersBytes))
        add("memory_cached_bytes", Double(memory.cachedBytes))
        add("memory_used_percent", memory.usedPercent)
        add("swap_total_bytes", Double(memory.swapTotalBytes))
        add("swap_used_bytes", Double(memory.swapUsedBytes))
    }

    /// Totals always; rates when `seconds` is known. RAM disks, loop and floppy devices and
    /// devices that never did any I/O are left out.
    mutating func disks(previous: [DiskCounters], current: [DiskCounters], seconds: Double?) {
        var before: [String: DiskCounters] = [:]
        for disk in previous { before[disk.device] = disk }
        for disk in current where Self.isRealDisk(disk) {
            let labels = ["device": disk.device]
            add("disk_read_bytes_total", Double(disk.readBytes), labels)
            add("disk_written_bytes_total", Double(disk.writtenBytes), labels)
            guard let seconds, let earlier = before[disk.device],
                  let rates = DiskRates.between(earlier, disk, seconds: seconds) else { continue }
            add("disk_reads_per_second", rates.readsPerSecond, labels)
            add("disk_writes_per_second", rates.writesPerSecond, labels)
            add("disk_read_bytes_per_second", rates.readBytesPerSecond, labels)
            add("disk_written_bytes_per_second", rates.writtenBytesPerSecond, labels)
            add("disk_busy_percent", rates.busyPercent, labels)
        }
    }

    mutating func interfaces(previous: [InterfaceCounters], current: [InterfaceCounters], seconds: Double?) {
        var before: [String: InterfaceCounters] = [:]
        for interface in previous { before[interface.interface] = interface }
        for interface in current {
            let labels = ["interface": interface.interface]
            add("network_received_bytes_total", Double(interface.receivedBytes), labels)
            add("network_sent_bytes_total", Double(interface.sentBytes), labels)
            guard let seconds, let earlier = before[interface.interface],
                  let rates = InterfaceRates.between(earlier, interface, seconds: seconds) else { continue }
            add("network_received_bytes_per_second", rates.receivedBytesPerSecond, labels)
            add("network_sent_bytes_per_second", rates.sentBytesPerSecond, labels)
            add("network_received_packets_per_second", rates.receivedPacketsPerSecond, labels)
            add("network_sent_packets_per_second", rates.sentPacketsPerSecond, labels)
            add("network_errors_per_second", rates.errorsPerSecond, labels)
            add("network_drops_per_second", rates.dropsPerSecond, labels)
        }
    }

    mutating func filesystems(_ filesystems: [FilesystemUsage]) {
        for filesystem in filesystems {
            let labels = ["mount": filesystem.mountPoint]
            add("filesystem_size_bytes", Double(filesystem.totalBytes), labels)
            add("filesystem_used_bytes", Double(filesystem.usedBytes), labels)
            add("filesystem_available_bytes", Double(filesystem.availableBytes), labels)
            add("filesystem_used_percent", filesystem.usedPercent, labels)
        }
    }

    private static func isRealDisk(_ disk: DiskCounters) -> Bool {
        let device = disk.device
        if device.hasPrefix("ram") || device.hasPrefix("loop") || device.hasPrefix("fd") || device.hasPrefix("zram") { return false }
        return disk.reads > 0 || disk.writes > 0
    }
}
