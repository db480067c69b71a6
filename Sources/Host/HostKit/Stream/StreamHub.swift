import Foundation
import Kernel
import Logging
import NIOCore
import Synchronization

/// The live stream's fan-out: one bus subscription per topic, taken while any client follows
/// it (so `monitor.checked` is built only while someone watches), each event encoded once and
/// offered to the sessions of its tenant that follow its topic.
final class StreamHub: Sendable {
    private struct State {
        var sessions: [TenantID: [UUID: StreamSession]] = [:]
        var count = 0
        var pumps: [StreamTopic: Task<Void, Never>] = [:]
    }

    private let events: EventBus
    private let logger: Logger
    private let state = Mutex(State())

    init(events: EventBus, logger: Logger) {
        self.events = events
        self.logger = logger
    }

    /// Clients connected now.
    var clientCount: Int { state.withLock { $0.count } }

    /// Clients of `tenant` connected now.
    func clientCount(of tenant: TenantID) -> Int { state.withLock { $0.sessions[tenant]?.count ?? 0 } }

    /// Adds a session, unless `limit` clients are connected already.
    func register(_ session: StreamSession, limit: Int) -> Bool {
        state.withLock { state in
            guard state.count < limit else { return false }
            state.sessions[session.tenant, default: [:]][session.id] = session
            state.count += 1
            return true
        }
    }

    /// Removes a session and the pumps no one needs any more.
    func unregister(_ session: StreamSession) {
        state.withLock { state in
            if state.sessions[session.tenant]?.removeValue(forKey: session.id) != nil { state.count -= 1 }
            if state.sessions[session.tenant]?.isEmpty == true { state.sessions[session.tenant] = nil }
        }
        refreshPumps()
    }

    /// Starts a pump for every followed topic and stops those no session follows.
    func refreshPumps() {
        state.withLock { state in
            let followed = Set(state.sessions.values.flatMap { $0.values.flatMap(\.topics) })
            for (topic, pump) in state.pumps where !followed.contains(topic) {
                pump.cancel()
                state.pumps[topic] = nil
            }
            for topic in followed where state.pumps[topic] == nil {
                // Subscribed here, before the task starts, so no event published after the
                // caller's `refreshPumps` returns is missed.
                let stream = events.subscribe(EventFilter(topics: topic.eventNames), buffer: 65_536)
                state.pumps[topic] = Task { [weak self] in
                    for await event in stream { self?.dispatch(event, topic: topic) }
                }
            }
        }
    }

    /// Offers `event` to the sessions of its tenant that follow `topic`, encoded once.
    private func dispatch(_ event: Event, topic: StreamTopic) {
        let targets = state.withLock { $0.sessions[event.tenantID].map { Array($0.values) } ?? [] }
        guard !targets.isEmpty else { return }
        guard let text = StreamFrame.event(event, topic: topic) else {
            logger.warning("a stream event could not be encoded", metadata: ["event": "\(event.name)"])
            return
        }
        let frame = ByteBuffer(string: text)
        for session in targets { session.offer(frame, topic: topic) }
    }

    /// Stops every pump (shutdown).
    func stop() {
        state.withLock { state in
            for pump in state.pumps.values { pump.cancel() }
            state.pumps = [:]
        }
    }
}
