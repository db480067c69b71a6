#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// CA files that parsed as PEM certificates, by path, with the file's identity and size and
/// modification time when they did. A one-shot request naming `caFile` is validated on every
/// request; parsing the PEM through OpenSSL 3's decoders each time cost more than the TLS
/// handshake's own certificate work. A file that changed (another inode, size or mtime) is
/// parsed again.
final class ValidatedCAFiles: Sendable {
    static let shared = ValidatedCAFiles()

    private struct Stamp: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int, modifiedNanoseconds: Int
    }

    private let known = Mutex<[String: Stamp]>([:])
    /// Paths remembered at most; the table is cleared when full (a path is one of the server's
    /// CA directory, so there are few).
    private let capacity = 256

    /// Whether `path` parsed before and has not changed since.
    func isKnownGood(_ path: String) -> Bool {
        guard let stamp = Self.stamp(path) else { return false }
        return known.withLock { $0[path] } == stamp
    }

    /// Remembers that `path` parsed, as it is now.
    func remember(_ path: String) {
        guard let stamp = Self.stamp(path) else { return }
        known.withLock { table in
            if table.count >= capacity { table.removeAll() }
            table[path] = stamp
        }
    }

    private static func stamp(_ path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                     modifiedSeconds: Int(info.st_mtim.tv_sec), modifiedNanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
