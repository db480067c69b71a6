import Foundation
import GRDB

/// A durable first-in, first-out queue in one SQLite file: what an agent has measured and
/// its server has not yet stored. Entries are numbered in order (never reused within the
/// file, whose `epoch` is made with it), survive a kill of the process (WAL, each append one
/// transaction), and are removed only when acknowledged.
///
/// Bounded by `maxBytes` and `maxAgeSeconds`: past either, the oldest entries are dropped,
/// and `dropped` counts them (kept in the file, across restarts).
public actor SQLiteSpool {
    /// One queued entry.
    public struct Entry: Sendable, Hashable {
        /// Its number: increasing in append order.
        public var sequence: Int64
        /// What was appended.
        public var payload: Data
    }

    /// The file's epoch: sequences are unique within it.
    public nonisolated let epoch: String
    private let queue: DatabaseQueue
    private let maxBytes: Int64
    private let maxAgeSeconds: Double
    private var bytes: Int64
    /// Entries waiting.
    public private(set) var depth: Int
    /// Entries dropped by the bounds since the file was made.
    public private(set) var dropped: Int64
    private var arrivals: [CheckedContinuation<Void, Never>] = []
    /// Appends so far in this process: `next` compares it across its read, so an append
    /// that lands while the read is under way is not missed (a lost wake-up).
    private var appends: Int64 = 0

    /// Opens (making if needed) the spool at `path`.
    public init(path: String, maxBytes: Int64 = 256 << 20, maxAgeSeconds: Double = 7 * 86_400) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let state = try queue.write { db -> (String, Int64, Int, Int64) in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS spool (sequence INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, size INTEGER NOT NULL, payload BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS spool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
            var epoch = try String.fetchOne(db, sql: "SELECT value FROM spool_meta WHERE key = 'epoch'")
            if epoch == nil {
                epoch = UUID().uuidString.lowercased()
                try db.execute(sql: "INSERT INTO spool_meta (key, value) VALUES ('epoch', ?), ('dropped', '0')", arguments: [epoch])
            }
            let bytes = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM spool") ?? 0
            let depth = try Int.fetchOne(db, sql: "SELECT count(*) FROM spool") ?? 0
            let dropped = Int64(try String.fetchOne(db, sql: "SELECT value FROM spool_meta WHERE key = 'dropped'") ?? "0") ?? 0
            return (epoch ?? "", bytes, depth, dropped)
        }
        self.queue = queue
        self.maxBytes = max(1, maxBytes)
        self.maxAgeSeconds = maxAgeSeconds
        (epoch, bytes, depth, dropped) = state
    }

    /// Appends `payloads` in order, in one transaction, then applies the bounds; returns how
    /// many of the oldest entries the bounds dropped.
    @discardableResult
    public func append(_ payloads: [Data], at now: Date = Date()) throws -> Int64 {
        guard !payloads.isEmpty else { return 0 }
        let added = payloads.reduce(Int64(0)) { $0 + Int64($1.count) }
        let (maxBytes, maxAge, total) = (self.maxBytes, maxAgeSeconds, bytes + added)
        let removed = try queue.write { db -> (count: Int, size: Int64) in
            let statement = try db.cachedStatement(sql: "INSERT INTO spool (at, size, payload) VALUES (?, ?, ?)")
            for payload in payloads { try statement.execute(arguments: [now.timeIntervalSince1970, payload.count, payload]) }
            return try Self.trim(db, total: total, maxBytes: maxBytes, olderThan: now.timeIntervalSince1970 - maxAge)
        }
        appends += 1
        bytes = total - removed.size
        depth += payloads.count - removed.count
        dropped += Int64(removed.count)
        wakeAll()
        return Int64(removed.count)
    }

    /// Drops the oldest entries while the spool is over `maxBytes`, and every entry older
    /// than the age bound; counts them in `dropped`.
    private static func trim(_ db: Database, total: Int64, maxBytes: Int64, olderThan cutoff: Double) throws -> (count: Int, size: Int64) {
        var count = 0, size: Int64 = 0
        let old = try Row.fetchOne(db, sql: "SELECT count(*) AS n, coalesce(sum(size), 0) AS s FROM spool WHERE at < ?", arguments: [cutoff])
        if let old, (old["n"] as Int) > 0 {
            try db.execute(sql: "DELETE FROM spool WHERE at < ?", arguments: [cutoff])
            count += old["n"]
            size += old["s"]
        }
        if total - size > maxBytes {
            // The oldest first, until the rest fits.
            var excess = total - size - maxBytes
            let rows = try Row.fetchCursor(db, sql: "SELECT sequence, size FROM spool ORDER BY sequence")
            var last: Int64 = 0
            while excess > 0, let row = try rows.next() {
                last = row["sequence"]
                let rowSize: Int64 = row["size"]
                excess -= rowSize
                size += rowSize
                count += 1
            }
            try db.execute(sql: "DELETE FROM spool WHERE sequence <= ?", arguments: [last])
        }
        if count > 0 {
            try db.execute(sql: "UPDATE spool_meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'dropped'", arguments: [count])
        }
        return (count, size)
    }

    /// Appends `payloads` in order, in one transaction, stamped now; returns how many of the
    /// oldest entries the bounds dropped.
    @discardableResult
    public func append(_ payloads: [Data]) throws -> Int64 { try append(payloads, at: Date()) }

    /// The oldest entries, at most `limit`, without waiting (empty when there is none).
    public func oldest(limit: Int) async throws -> [Entry] {
        try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT sequence, payload FROM spool ORDER BY sequence LIMIT ?",
                             arguments: [max(1, limit)]).map { Entry(sequence: $0["sequence"], payload: $0["payload"]) }
        }
    }

    /// The oldest entries after `sequence`, at most `limit`; waits until there is one. A
    /// cancelled wait returns no entries, whether it was waiting or reading.
    public func next(after sequence: Int64, limit: Int) async throws -> [Entry] {
        while !Task.isCancelled {
            let before = appends
            let entries: [Entry]
            do {
                entries = try await queue.read { db in
                    try Row.fetchAll(db, sql: "SELECT sequence, payload FROM spool WHERE sequence > ? ORDER BY sequence LIMIT ?",
                                     arguments: [sequence, max(1, limit)]).map { Entry(sequence: $0["sequence"], payload: $0["payload"]) }
                }
            } catch is CancellationError {
                // GRDB's read gives up when its task is cancelled before it starts: that is the
                // cancelled wait ending, which the caller (a stopping agent) expects as empty.
                return []
            }
            if !entries.isEmpty { return entries }
            // The read suspended this actor: an append may have come and gone meanwhile.
            if appends != before { continue }
            // Cancellation wakes the wait (a stopping agent is not held by an empty spool).
            await withTaskCancellationHandler {
                await withCheckedContinuation { arrivals.append($0) }
            } onCancel: {
                Task { await self.wakeAll() }
            }
        }
        return []
    }

    private func wakeAll() {
        for waiter in arrivals { waiter.resume() }
        arrivals.removeAll()
    }

    /// Removes every entry up to `sequence`: it was stored where it was going.
    public func acknowledge(_ sequence: Int64) throws {
        let removed = try queue.write { db -> (Int, Int64) in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, coalesce(sum(size), 0) AS s FROM spool WHERE sequence <= ?", arguments: [sequence])
            try db.execute(sql: "DELETE FROM spool WHERE sequence <= ?", arguments: [sequence])
            return (row?["n"] ?? 0, row?["s"] ?? 0)
        }
        depth -= removed.0
        bytes -= removed.1
    }

    /// The highest sequence ever given (0 when none), for a journal of what was produced.
    public func lastSequence() throws -> Int64 {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'spool'") ?? 0 }
    }
}
