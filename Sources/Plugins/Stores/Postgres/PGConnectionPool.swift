import Foundation
import Kernel
import NIOPosix

/// Up to `limit` connections, handed out one task at a time. Each unit of work runs on the
/// pool's own threads (libpq blocks), so no event-loop thread or task-pool thread ever waits
/// on the database. A connection found dead after a server restart is dropped and the work
/// retried once on a fresh connection; a connection that cannot be opened fails the call
/// with `StoreError.unavailable`, and the next call tries again.
actor PGConnectionPool {
    private let connector: PGConnector
    private let limit: Int
    private let threads: NIOThreadPool
    private var idle: [PGConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    /// Creates a pool; connections open on first use.
    init(connector: PGConnector, limit: Int) {
        self.connector = connector
        self.limit = limit
        threads = NIOThreadPool(numberOfThreads: limit)
        threads.start()
    }

    /// Runs `body` with a connection on a pool thread. PostgreSQL errors come out as
    /// `StoreError`: constraint failures as `conflict`, everything else as `unavailable`.
    @discardableResult
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        do {
            return try await withRawConnection(body)
        } catch let error as PGError {
            throw error.isConstraintViolation
                ? StoreError.conflict(entity: "record", detail: error.message) : StoreError.unavailable(error.description)
        }
    }

    /// `withConnection`, with PostgreSQL's errors as they are.
    @discardableResult
    func withRawConnection<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        var retried = false
        while true {
            let (connection, reused) = try await acquire()
            do {
                let value = try await threads.runIfActive { try body(connection) }
                release(connection)
                return value
            } catch {
                guard !connection.isHealthy else {
                    release(connection)
                    throw error
                }
                discard()
                // A connection that sat idle may have been cut by a server restart: the work
                // never reached the server, so one retry on a fresh connection is safe.
                if reused && !retried {
                    retried = true
                    continue
                }
                throw error
            }
        }
    }

    /// Opens a connection outside the pool (for LISTEN, or a check at start-up).
    func openDedicated() async throws -> PGConnection {
        let connector = self.connector
        return try await threads.runIfActive { try connector.connect() }
    }

    /// Closes idle connections and stops the threads; later calls fail.
    func close() async {
        closed = true
        idle.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
        try? await threads.shutdownGracefully()
    }

    private func acquire() async throws -> (PGConnection, reused: Bool) {
        while true {
            if closed { throw PGError(sqlState: nil, message: "the store is closed", connectionLost: true) }
            if let connection = idle.popLast() { return (connection, true) }
            if open < limit {
                open += 1
                do {
                    return (try await openDedicated(), false)
                } catch {
                    open -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func release(_ connection: PGConnection) {
        if closed { open -= 1; return }
        idle.append(connection)
        wakeOne()
    }

    private func discard() {
        open -= 1
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
