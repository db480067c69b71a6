import Foundation

/// Each monitor runs on its own grid of times, `phase + k × interval`, where the phase is
/// derived from the monitor's id. Monitors created together (10,000 at once through the
/// API) therefore spread evenly over their interval after their first run, and monitors that
/// are overdue after a restart resume on their own phases instead of all at once. The phase
/// is stable across restarts and processes, as Prometheus's scrape offsets are.
public enum SchedulePhase {
    /// The monitor's offset within its interval, in seconds, from its id.
    public static func phase(of monitor: Monitor) -> Double {
        phase(of: monitor.id.rawValue, interval: monitor.interval)
    }

    /// The offset within `interval` of a job whose id is `id`, in seconds.
    public static func phase(of id: UUID, interval: Double) -> Double {
        // UUIDs carry fixed version and variant bits: mix all 16 bytes (FNV-1a, then the
        // SplitMix64 finaliser) rather than reading any of them directly.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        withUnsafeBytes(of: id.uuid) { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53) * interval
    }

    /// The first grid time of the monitor at or after `time`.
    public static func nextSlot(for monitor: Monitor, notBefore time: Date) -> Date {
        nextSlot(phase: phase(of: monitor), interval: monitor.interval, notBefore: time)
    }

    /// The first time `phase + k × interval` at or after `time`.
    public static func nextSlot(phase: Double, interval: Double, notBefore time: Date) -> Date {
        let interval = max(interval, 0.001)
        let cycles = ((time.timeIntervalSince1970 - phase) / interval).rounded(.up)
        return Date(timeIntervalSince1970: phase + cycles * interval)
    }
}
