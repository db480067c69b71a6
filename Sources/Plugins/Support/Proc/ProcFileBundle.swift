/// The raw text of one reading of a host: its system files by path, its filesystems and each
/// process's files. `collector.procfs` fills it from the local disk; `collector.ssh` from the
/// output of one remote command (`RemoteReadingScript`). `HostReading` parses it, so both
/// collectors read a host the same way.
public struct ProcFileBundle: Sendable, Hashable {
    /// One process's files. Over SSH `status` holds only the lines a reading needs (`Uid:`,
    /// `VmRSS:`); `cmdline` is NUL-separated as in `/proc`.
    public struct ProcessFiles: Sendable, Hashable {
        /// `/proc/[pid]/stat`.
        public var stat: Substring
        /// `/proc/[pid]/status`, or the lines of it that were read; nil when unreadable.
        public var status: Substring?
        /// `/proc/[pid]/cmdline`; nil when unreadable.
        public var cmdline: Substring?

        /// Creates a process's files.
        public init(stat: Substring, status: Substring? = nil, cmdline: Substring? = nil) {
            self.stat = stat
            self.status = status
            self.cmdline = cmdline
        }
    }

    /// The files read, by absolute path (`/proc/stat`, `/etc/os-release`).
    public var files: [String: Substring]
    /// The output of `df -P` when filesystems were read by a command (over SSH).
    public var dfOutput: Substring?
    /// Filesystems measured directly (statvfs(3) on the local machine).
    public var filesystems: [FilesystemUsage]?
    /// Each process's files, by pid; empty when processes were not read.
    public var processes: [Int: ProcessFiles]

    /// Creates a bundle.
    public init(files: [String: Substring] = [:], dfOutput: Substring? = nil, filesystems: [FilesystemUsage]? = nil,
                processes: [Int: ProcessFiles] = [:]) {
        self.files = files
        self.dfOutput = dfOutput
        self.filesystems = filesystems
        self.processes = processes
    }

    /// The system files a reading uses, in the order the remote command prints them.
    public static let systemFiles = [
        "/proc/stat", "/proc/meminfo", "/proc/loadavg", "/proc/uptime", "/proc/diskstats", "/proc/net/dev",
        "/proc/mounts", "/proc/cpuinfo", "/etc/os-release", "/usr/lib/os-release", "/proc/sys/kernel/hostname",
        "/proc/sys/kernel/osrelease", "/etc/passwd",
    ]
}
