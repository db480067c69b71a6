/// How full one mounted filesystem is, as `df -B1` prints it.
public struct FilesystemUsage: Sendable, Hashable, Codable {
    /// Where it is mounted (`/`, `/var/lib/postgresql`).
    public var mountPoint: String
    /// What is mounted (`/dev/vda1`, `tmpfs`).
    public var filesystem: String
    /// Its size in bytes.
    public var totalBytes: UInt64
    /// Bytes in use.
    public var usedBytes: UInt64
    /// Bytes available to unprivileged users (less than total minus used by the reserved blocks).
    public var availableBytes: UInt64

    /// Used in percent of what users can have (used + available), rounded up as `df`'s
    /// Capacity column is.
    public var usedPercent: Double {
        let usable = usedBytes.addingReportingOverflow(availableBytes).partialValue
        return usable == 0 ? 0 : (Double(usedBytes) / Double(usable) * 100).rounded(.up)
    }

    /// Creates a usage.
    public init(mountPoint: String, filesystem: String, totalBytes: UInt64, usedBytes: UInt64, availableBytes: UInt64) {
        self.mountPoint = mountPoint
        self.filesystem = filesystem
        self.totalBytes = totalBytes
        self.usedBytes = usedBytes
        self.availableBytes = availableBytes
    }

    /// Reads `df -P` output (POSIX format): a header, then `filesystem total used available
    /// capacity% mount point` per line, the mount point being the rest of the line (it may hold
    /// spaces). The header's `N-blocks` gives the unit (`1-blocks` from `df -P -B1`,
    /// `1024-blocks` from `df -Pk` or BusyBox, `512-blocks` from POSIX `df -P`).
    public static func parseDF(_ text: some StringProtocol) throws -> [FilesystemUsage] {
        let file = "df -P"
        var usages: [FilesystemUsage] = []
        var unit: UInt64 = 1
        for (index, line) in try ProcText.lines(text, file: file).enumerated() {
            if index == 0, line.hasPrefix("Filesystem") {
                let header = ProcText.fields(line)
                if header.count > 1, header[1].hasSuffix("-blocks") {
                    guard let size = ProcText.counter(header[1].dropLast(7)), (1...1_048_576).contains(size) else {
                        throw ProcParseError(file: file, line: 1, message: "\(header[1].prefix(32)) is not a block size")
                    }
                    unit = size
                }
                continue
            }
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            guard fields.count >= 6, let total = ProcText.counter(fields[1]), let used = ProcText.counter(fields[2]),
                  let available = ProcText.counter(fields[3]), fields[4].hasSuffix("%") || fields[4] == "-" else {
                throw ProcParseError(file: file, line: index + 1, message: "needs filesystem, size, used, available, capacity and mount point")
            }
            let mountPoint = line[fields[4].endIndex...].dropFirst()
            guard mountPoint.hasPrefix("/"), mountPoint.utf8.count <= 4_096 else {
                throw ProcParseError(file: file, line: index + 1, message: "the mount point must be an absolute path")
            }
            func bytes(_ blocks: UInt64) -> UInt64 { blocks.multipliedReportingOverflow(by: unit).partialValue }
            usages.append(FilesystemUsage(mountPoint: String(mountPoint), filesystem: String(fields[0].prefix(256)),
                                          totalBytes: bytes(total), usedBytes: bytes(used), availableBytes: bytes(available)))
            guard usages.count <= 16_384 else { throw ProcParseError(file: file, message: "lists more than 16384 filesystems") }
        }
        return usages
    }
}
