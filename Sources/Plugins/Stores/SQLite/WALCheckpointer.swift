import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints the WAL off the write path. SQLite's automatic checkpoint runs in the
/// committing connection, right after the commit that crosses its threshold, so at 64 MB
/// the writer that crosses it stalls while the whole WAL is copied back (about 120 ms every
/// four seconds at 1,000 agent results a second: the p99 of their acknowledgements).
///
/// Instead the writer's WAL hook (`WALSignal`, called after each commit with the WAL's size
/// in pages) tells a background task when the WAL passes the threshold, and that task runs
/// a PASSIVE checkpoint on a connection of its own, beside the writes. A passive checkpoint
/// never blocks the writer; but under a steady stream of commits it may never reach the
/// last frame, and the WAL starts over only once one has, so past twice the threshold the
/// hook checkpoints in the writer as SQLite would, which by then copies only what the
/// background pass has not.
final class WALCheckpointer: Sendable {
    private let task: Task<Void, Never>
    /// The checkpoints' connection, held here so that it closes with the store (the task
    /// holds it weakly): SQLite's last close of a WAL database checkpoints and removes the
    /// WAL under an exclusive lock, which must be over when the store is gone.
    private let connection: DatabaseQueue

    /// Starts checkpointing the database at `path` when `signal` says so.
    init(path: String, signal: WALSignal) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        self.connection = connection
        task = Task.detached(priority: .utility) { [weak connection] in
            // The WAL's size at the last pass: a WAL that did not start over since is copied
            // again only once a quarter of the threshold more has been written.
            var checkpointed = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                let pages = signal.pages.load(ordering: .relaxed)
                if pages < checkpointed { checkpointed = 0 }
                guard pages >= signal.thresholdPages, pages - checkpointed >= signal.thresholdPages / 4 else { continue }
                guard let connection else { return }
                checkpointed = pages
                _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }

    deinit { task.cancel() }
}

/// The writer's WAL hook and what it last saw. Each connection's hook holds one reference
/// for the connection's life (a connection may outlive the store that opened it, in a
/// repository someone kept), so the hook never reads freed memory.
final class WALSignal: Sendable {
    /// WAL pages after the last commit.
    let pages = Atomic<Int>(0)
    /// Pages past which the background checkpoint runs; past twice as many, the writer's.
    let thresholdPages: Int

    init(thresholdPages: Int) { self.thresholdPages = thresholdPages }

    /// Installs the hook on `db` (each connection may get it: only the writer commits).
    func install(on db: Database) {
        guard let connection = db.sqliteConnection else { return }
        sqlite3_wal_hook(connection, { context, connection, name, pages in
            guard let context else { return SQLITE_OK }
            let signal = Unmanaged<WALSignal>.fromOpaque(context).takeUnretainedValue()
            signal.pages.store(Int(pages), ordering: .relaxed)
            if Int(pages) >= 2 * signal.thresholdPages {
                sqlite3_wal_checkpoint_v2(connection, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            return SQLITE_OK
        }, Unmanaged.passRetained(self).toOpaque())
    }
}
