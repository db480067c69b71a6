import Foundation

/// One reading of a host, parsed from a `ProcFileBundle`: counters as the kernel keeps them
/// (turned into rates by `HostSnapshot`), gauges, system facts and processes.
public struct HostReading: Sendable {
    /// When the reading was taken (the collector's clock).
    public var timestamp: Date
    /// `/proc/stat`: CPU times, boot time.
    public var stat: ProcStat
    /// `/proc/meminfo`.
    public var memory: MemoryInfo
    /// `/proc/loadavg`, when readable.
    public var load: LoadAverage?
    /// `/proc/uptime`, when readable: the host's own clock between two readings.
    public var uptime: Uptime?
    /// `/proc/diskstats`: whole disks and partitions.
    public var disks: [DiskCounters]
    /// `/proc/net/dev`.
    public var interfaces: [InterfaceCounters]
    /// Mounted filesystems that hold files (pseudo filesystems and empty ones left out), by
    /// mount point.
    public var filesystems: [FilesystemUsage]
    /// Every process that could be read.
    public var processes: [ProcessSample]
    /// `/etc/os-release` (or `/usr/lib/os-release`).
    public var osRelease: OSRelease?
    /// `/proc/cpuinfo`.
    public var cpuInfo: CPUInfo?
    /// The host name (`/proc/sys/kernel/hostname`).
    public var hostname: String?
    /// The kernel release (`/proc/sys/kernel/osrelease`).
    public var kernel: String?
    /// User names from `/etc/passwd`.
    public var users: UserNames
    /// Files that were missing or could not be parsed, in words; the reading goes on without them.
    public var problems: [String]

    /// Parses `bundle`. `/proc/stat` and `/proc/meminfo` are required (a host without them is
    /// not Linux, or the command was cut off); every other file is optional and a problem in
    /// one is recorded in `problems`.
    public init(_ bundle: ProcFileBundle, at timestamp: Date = Date()) throws {
        self.timestamp = timestamp
        var problems: [String] = []
        func required(_ path: String) throws -> Substring {
            guard let text = bundle.files[path] else { throw ProcParseError(file: path, message: "could not be read") }
            return text
        }
        func optional<T>(_ path: String, _ parse: (Substring) throws -> T) -> T? {
            guard let text = bundle.files[path] else { return nil }
            do { return try parse(text) } catch { problems.append("\(error)"); return nil }
        }
        stat = try ProcStat.parse(try required("/proc/stat"))
        memory = try MemoryInfo.parse(try required("/proc/meminfo"))
        load = optional("/proc/loadavg", LoadAverage.parse)
        uptime = optional("/proc/uptime", Uptime.parse)
        disks = optional("/proc/diskstats", DiskCounters.parse) ?? []
        interfaces = optional("/proc/net/dev", InterfaceCounters.parse) ?? []
        osRelease = optional("/etc/os-release", OSRelease.parse) ?? optional("/usr/lib/os-release", OSRelease.parse)
        cpuInfo = optional("/proc/cpuinfo", CPUInfo.parse)
        hostname = bundle.files["/proc/sys/kernel/hostname"].map(Self.firstLine)
        kernel = bundle.files["/proc/sys/kernel/osrelease"].map(Self.firstLine)
        users = optional("/etc/passwd", UserNames.parse) ?? UserNames(names: [:])
        let mounts = optional("/proc/mounts", MountEntry.parse) ?? []
        var measured = bundle.filesystems ?? []
        if let df = bundle.dfOutput {
            do { measured = try FilesystemUsage.parseDF(df) } catch { problems.append("\(error)") }
        }
        filesystems = Self.realFilesystems(measured, mounts: mounts)
        var processes: [ProcessSample] = []
        processes.reserveCapacity(bundle.processes.count)
        for (_, files) in bundle.processes {
            // A process that ended between listing and reading, or a hostile line, is skipped.
            if let sample = try? ProcessSample.parse(stat: files.stat, status: files.status, cmdline: files.cmdline) {
                processes.append(sample)
            }
        }
        self.processes = processes.sorted { $0.pid < $1.pid }
        self.problems = problems
    }

    /// Filesystems with a size, not pseudo, one per mount point (the last mounted wins, as it
    /// hides the ones below it).
    static func realFilesystems(_ measured: [FilesystemUsage], mounts: [MountEntry]) -> [FilesystemUsage] {
        var typeByMountPoint: [String: MountEntry] = [:]
        for mount in mounts { typeByMountPoint[mount.mountPoint] = mount }
        var byMountPoint: [String: FilesystemUsage] = [:]
        for usage in measured where usage.totalBytes > 0 && typeByMountPoint[usage.mountPoint]?.isPseudo != true {
            byMountPoint[usage.mountPoint] = usage
        }
        return byMountPoint.values.sorted { $0.mountPoint < $1.mountPoint }
    }

    private static func firstLine(_ text: Substring) -> String {
        String(text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }.prefix(256))
    }
}
