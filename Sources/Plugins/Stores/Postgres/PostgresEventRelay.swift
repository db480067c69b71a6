import Foundation
import Kernel
import Logging
import Synchronization

/// Events between servers through `NOTIFY`/`LISTEN` on one channel. Sending goes through the
/// pool; receiving holds one dedicated connection on a thread of its own, which reconnects
/// (and listens again) after the server restarts.
final class PostgresEventRelay: EventRelay, Sendable {
    /// The largest payload PostgreSQL's NOTIFY accepts, less a margin.
    static let maximumPayload = 7900

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
        guard payload.utf8.count <= Self.maximumPayload else {
            logger.warning("event too large for NOTIFY; not relayed", metadata: ["event": "\(event.id)", "bytes": "\(payload.utf8.count)"])
            return
        }
        let channel = self.channel
        try await pool.withConnection { connection in
            try connection.query("SELECT pg_notify($1, $2)", [channel, payload])
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
                    for (_, payload) in try connection.notifications(waiting: 0.25) {
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
