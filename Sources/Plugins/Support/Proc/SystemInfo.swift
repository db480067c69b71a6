/// What a host is: name, operating system, kernel, processors and memory, as
/// `GET /api/v1/hosts/{id}/system` shows it.
public struct SystemInfo: Sendable, Hashable, Codable {
    /// The host name the machine gives itself.
    public var hostname: String?
    /// The operating system (`Debian GNU/Linux 12 (bookworm)`).
    public var os: String?
    /// The distribution id (`debian`).
    public var osID: String?
    /// The distribution's version (`12`).
    public var osVersion: String?
    /// The kernel release (`6.1.0-26-amd64`).
    public var kernel: String?
    /// The processor model.
    public var cpuModel: String?
    /// Logical CPUs.
    public var logicalCPUs: Int
    /// Physical cores.
    public var physicalCores: Int?
    /// Memory in bytes.
    public var memoryBytes: UInt64
    /// Swap in bytes.
    public var swapBytes: UInt64
    /// Seconds since boot.
    public var uptimeSeconds: Double?
    /// Boot time in Unix seconds.
    public var bootTime: UInt64?

    /// The facts of `reading`.
    public init(_ reading: HostReading) {
        hostname = reading.hostname
        os = reading.osRelease?.prettyName
        osID = reading.osRelease?.id
        osVersion = reading.osRelease?.values["VERSION_ID"]
        kernel = reading.kernel
        cpuModel = reading.cpuInfo?.model
        logicalCPUs = max(reading.stat.cores.count, reading.cpuInfo?.logicalCPUs ?? 0, 1)
        physicalCores = reading.cpuInfo?.physicalCores
        memoryBytes = reading.memory.totalBytes
        swapBytes = reading.memory.swapTotalBytes
        uptimeSeconds = reading.uptime?.seconds
        bootTime = reading.stat.bootTime
    }
}
