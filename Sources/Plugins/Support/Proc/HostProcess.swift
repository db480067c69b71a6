/// One process as a process list shows it (`top`, `ps aux`): who runs it, what it is and what
/// it uses.
public struct HostProcess: Sendable, Hashable, Codable {
    /// The process id.
    public var pid: Int
    /// The parent's id.
    public var parentPID: Int
    /// The command name.
    public var name: String
    /// The command line; empty for kernel threads.
    public var command: String
    /// The user name, or the uid as text when `/etc/passwd` does not name it.
    public var user: String?
    /// The state letter (R, S, D, Z, T, I).
    public var state: String
    /// Percent of one CPU since the previous reading (over its life when new), as `top` shows.
    public var cpuPercent: Double?
    /// Resident memory in bytes.
    public var residentBytes: UInt64
    /// Resident memory in percent of the host's memory.
    public var memoryPercent: Double
    /// Threads.
    public var threads: UInt64

    /// Creates a process entry.
    public init(pid: Int, parentPID: Int, name: String, command: String, user: String?, state: String, cpuPercent: Double?,
                residentBytes: UInt64, memoryPercent: Double, threads: UInt64) {
        self.pid = pid
        self.parentPID = parentPID
        self.name = name
        self.command = command
        self.user = user
        self.state = state
        self.cpuPercent = cpuPercent
        self.residentBytes = residentBytes
        self.memoryPercent = memoryPercent
        self.threads = threads
    }

    /// The sort orders of a process list.
    public enum Order: String, Sendable, CaseIterable, Codable {
        /// Most CPU first.
        case cpu
        /// Most resident memory first.
        case memory
    }

    /// `processes` in `order`, ties broken by pid, at most `limit`.
    public static func sorted(_ processes: [HostProcess], by order: Order, limit: Int) -> [HostProcess] {
        let sorted: [HostProcess]
        switch order {
        case .cpu:
            sorted = processes.sorted { ($0.cpuPercent ?? -1, $1.pid) > ($1.cpuPercent ?? -1, $0.pid) }
        case .memory:
            sorted = processes.sorted { ($0.residentBytes, $1.pid) > ($1.residentBytes, $0.pid) }
        }
        return Array(sorted.prefix(max(0, limit)))
    }
}
