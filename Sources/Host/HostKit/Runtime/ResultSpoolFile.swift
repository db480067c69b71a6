import Foundation
import Kernel
import Logging
import Spool

extension SQLiteSpool: DurableSpool {
    public func oldest(limit: Int) async throws -> [DurableSpoolEntry] {
        try await oldest(limit: limit).map { (entry: Entry) in DurableSpoolEntry(sequence: entry.sequence, payload: entry.payload) }
    }
}

/// The server's result spool: `result-spool.sqlite` in the data directory, where results wait
/// while the store is unreachable (`ResultWriter`). One process uses it at a time: a second
/// server started on the same data directory runs without one (and says so), since two
/// writers replaying one spool would each think they own its cursor.
enum ResultSpoolFile {
    static let fileName = "result-spool.sqlite"

    /// Opens (makes) the spool under `settings`' bounds; nil when `spoolMaxMegabytes` is 0 or another
    /// process holds it.
    static func load(dataDirectory: String, settings: SchedulerSettings, logger: Logger) throws -> SQLiteSpool? {
        guard settings.spoolMaxMegabytes > 0 else { return nil }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if lock >= 0 { close(lock) }
            logger.warning("another process uses the result spool; results wait in memory only during a store outage",
                           metadata: ["path": "\(path)"])
            return nil
        }
        // The lock is held for the life of the process: the descriptor is never closed.
        do {
            return try SQLiteSpool(path: path, maxBytes: Int64(settings.spoolMaxMegabytes) << 20,
                                   maxAgeSeconds: settings.spoolMaxAgeHours * 3600)
        } catch {
            close(lock)
            throw ConfigurationError(path: "$.server.dataDirectory", message: "cannot open the result spool \(path): \(error)")
        }
    }
}
