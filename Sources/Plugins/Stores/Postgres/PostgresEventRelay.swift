import Foundation
import Kernel
import Logging
import Synchronization

/// Events between servers through `NOTIFY`/`LISTEN` on one channel. Sending goes through the
/// pool; receiving holds one dedicated connection on a thread of its own, which reconnects
/// (and listens again) after the server restarts.
///
/// An event whose JSON fits NOTIFY's payload limit (8,000 bytes) travels in the notification
/// itself; a larger one is stored in `relayed_events` and the notification carries its id
/// (`@123`), which receivers read back. Stored events are kept for `storedEventLifetime`.
final class PostgresEventRelay: EventRelay, Sendable {
    /// The largest payload PostgreSQL's NOTIFY accepts, less a margin.
    static let maximumPayload = 7900
    /// How long a stored large event stays readable, in seconds.
    static let storedEventLifetime = 300

    private let pool: PGConnectionPool
    private let connector: PGConnector
    private let channel: String
    private let logger: Logger
    private let state = Mutex<(subscribers: [UUID: AsyncStream<Event>.Continuation], thread: Thread?, stopped: Bool)>(([:], nil, false))

    init(pool: PGConnectionPool, connector: PGConnector, channel: String, logger: Logger) {
        self.pool = pool
        self.connector = connector
        self.channel = channel
        self.logger = logger
    }

    func send(_ event: Event) async throws {
        let payload = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        let channel = self.channel
        let lifetime = Self.storedEventLifetime
        if payload.utf8.count <= Self.maximumPayload {
            try await pool.withConnection { connection in
                try connection.query("SELECT pg_notify($1, $2)", [channel, payload])
            }
            return
        }
        // Too large for a notification: stored, and announced by id in the same transaction.
        try await pool.withConnection { connection in
            try connection.execute("BEGIN")
            do {
                try connection.query("DELETE FROM relayed_events WHERE created_at < now() - make_interval(secs => $1)", [String(lifetime)])
                let id = try connection.query("INSERT INTO relayed_events (payload) VALUES ($1) RETURNING id", [payload]).first?.string("id") ?? ""
                try connection.query("SELECT pg_notify($1, $2)", [channel, "@" + id])
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    func receive() -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        let start = state.withLock { state -> Bool in
            state.subscribers[id] = continuation
            return state.thread == nil && !state.stopped
        }
        if start { startListening() }
        return stream
    }

    /// Stops listening and ends every stream.
    func stop() {
        let subscribers = state.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private func startListening() {
        let thread = Thread { [self] in listen() }
        thread.name = "vantage-pg-listen"
        state.withLock { $0.thread = thread }
        thread.start()
    }

    private func listen() {
        var failing = false
        while !state.withLock({ $0.stopped }) {
            do {
                let connection = try connector.connect()
                try connection.execute("LISTEN \(channel)")
                if failing { logger.info("listening for events from other servers again") }
                failing = false
                while !state.withLock({ $0.stopped }) {
                    for (_, notified) in try connection.notifications(waiting: 0.25) {
                        var payload = notified
                        if notified.hasPrefix("@") {
                            // A large event, stored by the sender: read it by its id.
                            payload = try connection.query("SELECT payload FROM relayed_events WHERE id = $1",
                                                           [String(notified.dropFirst())]).first?.string("payload") ?? ""
                        }
                        guard let event = try? JSONDecoder().decode(Event.self, from: Data(payload.utf8)) else { continue }
                        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.yield(event) }
                    }
                }
            } catch {
                if !failing { logger.error("lost the LISTEN connection; reconnecting", metadata: ["error": "\(error)"]) }
                failing = true
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
