#if canImport(Glibc)
import Glibc
#endif
import ProcSupport

/// Reads the local machine's files into a `ProcFileBundle`: the system files, every process's
/// `stat`, `status` and `cmdline`, and statvfs(3) of each mounted filesystem. `/proc` files
/// report a size of zero, so each is read to its end in one buffer.
struct LocalProcReader: Sendable {
    /// Prefix of every path (`/` normally; `/host` when the host's root is mounted in a container).
    let root: String
    /// Whether to read processes.
    let processes: Bool

    func read() -> ProcFileBundle {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var bundle = ProcFileBundle()
        for path in ProcFileBundle.systemFiles {
            if let text = Self.contents(of: root + path, buffer: &buffer) { bundle.files[path] = text }
        }
        let mounts = bundle.files["/proc/mounts"].flatMap { try? MountEntry.parse($0) } ?? []
        bundle.filesystems = mounts.filter { !$0.isPseudo }.compactMap(filesystem)
        if processes { bundle.processes = readProcesses(buffer: &buffer) }
        return bundle
    }

    private func readProcesses(buffer: inout [UInt8]) -> [Int: ProcFileBundle.ProcessFiles] {
        var result: [Int: ProcFileBundle.ProcessFiles] = [:]
        guard let directory = opendir(root + "/proc") else { return result }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Int(name), pid > 0 else { continue }
            let base = root + "/proc/" + name
            guard let stat = Self.contents(of: base + "/stat", buffer: &buffer) else { continue }
            result[pid] = ProcFileBundle.ProcessFiles(stat: stat, status: Self.contents(of: base + "/status", buffer: &buffer),
                                                      cmdline: Self.contents(of: base + "/cmdline", buffer: &buffer))
        }
        return result
    }

    private func filesystem(_ mount: MountEntry) -> FilesystemUsage? {
        var info = statvfs()
        guard statvfs(root == "/" ? mount.mountPoint : root + mount.mountPoint, &info) == 0 else { return nil }
        let unit = UInt64(info.f_frsize)
        let total = UInt64(info.f_blocks).multipliedReportingOverflow(by: unit)
        guard !total.overflow else { return nil }
        let free = UInt64(info.f_bfree) * unit
        return FilesystemUsage(mountPoint: mount.mountPoint, filesystem: mount.device, totalBytes: total.partialValue,
                               usedBytes: total.partialValue >= free ? total.partialValue - free : 0,
                               availableBytes: UInt64(info.f_bavail) * unit)
    }

    /// The whole file, up to 8 MiB; nil when it cannot be opened (gone, or not readable).
    static func contents(of path: String, buffer: inout [UInt8]) -> Substring? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        while bytes.count < 8 << 20 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return Substring(String(decoding: bytes, as: UTF8.self))
    }
}
