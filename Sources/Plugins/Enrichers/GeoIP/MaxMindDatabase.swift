import CMaxMindDB
import Foundation
import Kernel

/// One MaxMind DB file opened with libmaxminddb, from a private copy: the copy is unlinked
/// once mapped, so replacing or truncating the original (an update written in place) can
/// never change the mapped bytes under a lookup.
///
/// Lookups are thread-safe (libmaxminddb only reads the mapping); the database closes when
/// the last reference goes, so a lookup holding one finishes even while a reload swaps it.
final class MaxMindDatabase: @unchecked Sendable {
    /// The file name it was opened from (`GeoLite2-City.mmdb`).
    let fileName: String
    /// `database_type` from the file's metadata (`GeoLite2-City`).
    let databaseType: String
    /// When the file was built, from its metadata.
    let buildDate: Date
    private let handle: UnsafeMutablePointer<MMDB_s>

    /// Opens `path`; throws `GeoIPError` naming the file and libmaxminddb's reason.
    init(path: String) throws {
        fileName = (path as NSString).lastPathComponent
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-geoip-\(UUID().uuidString).mmdb").path
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        } catch {
            throw GeoIPError(file: fileName, reason: "cannot be read: \(error.localizedDescription)")
        }
        defer { unlink(copy) }
        handle = .allocate(capacity: 1)
        let status = MMDB_open(copy, UInt32(MMDB_MODE_MMAP), handle)
        guard status == MMDB_SUCCESS else {
            handle.deallocate()
            throw GeoIPError(file: fileName, reason: "is not a MaxMind DB: \(String(cString: MMDB_strerror(status)))")
        }
        databaseType = handle.pointee.metadata.database_type.map { String(cString: $0) } ?? ""
        buildDate = Date(timeIntervalSince1970: TimeInterval(handle.pointee.metadata.build_epoch))
    }

    deinit {
        MMDB_close(handle)
        handle.deallocate()
    }

    /// The record for `address` (IPv4 or IPv6 text), or nil when the database has none or the
    /// text is not an address.
    func record(for address: String) -> MaxMindRecord? {
        var storage = sockaddr_storage()
        guard Self.parse(address, into: &storage) else { return nil }
        var error: Int32 = 0
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &error) }
        }
        guard error == MMDB_SUCCESS, result.found_entry else { return nil }
        return MaxMindRecord(entry: result.entry, database: self)
    }

    /// Parses IPv4 or IPv6 text (a zone suffix `%eth0` is ignored) into a socket address.
    private static func parse(_ address: String, into storage: inout sockaddr_storage) -> Bool {
        let text = address.split(separator: "%", maxSplits: 1).first.map(String.init) ?? address
        guard text.utf8.count <= 64 else { return false }
        if text.contains(":") {
            var socket = sockaddr_in6()
            socket.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, text, &socket.sin6_addr) == 1 else { return false }
            // ::ffff:a.b.c.d is looked up as the IPv4 address it maps: MaxMind's databases alias
            // that range to their IPv4 tree, but a database written without the aliases has none.
            let bytes = withUnsafeBytes(of: socket.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                var mapped = sockaddr_in()
                mapped.sin_family = sa_family_t(AF_INET)
                withUnsafeMutableBytes(of: &mapped.sin_addr) { $0.copyBytes(from: bytes[12..<16]) }
                withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: mapped) { raw.copyMemory(from: $0) } }
                return true
            }
            withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: socket) { raw.copyMemory(from: $0) } }
            return true
        }
        var socket = sockaddr_in()
        socket.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, text, &socket.sin_addr) == 1 else { return false }
        withUnsafeMutableBytes(of: &storage) { raw in withUnsafeBytes(of: socket) { raw.copyMemory(from: $0) } }
        return true
    }
}

/// Why a database file could not be used.
struct GeoIPError: Error, CustomStringConvertible {
    /// The file's name.
    var file: String
    /// What went wrong.
    var reason: String

    var description: String { "\(file) \(reason)" }
}
