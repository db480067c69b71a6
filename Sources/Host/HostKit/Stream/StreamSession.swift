import Foundation
import Kernel
import NIOCore
import Synchronization

/// One live-stream client: its tenant, the topics it follows, and its queue of frames, bounded
/// so that a client that stops reading costs a fixed amount of memory and is dropped rather
/// than slowing the server or other clients. The writer takes the queue whole (`drain`), so
/// frames that arrived while the last write was under way go out in one flush. Frames are
/// `ByteBuffer`s: an event encoded once is shared by every session's queue, not copied.
final class StreamSession: Sendable {
    private struct State {
        var queue: [ByteBuffer] = []
        var finished = false
        var topics: Set<StreamTopic> = []
        /// Topics whose live frames wait until their bootstrap is queued.
        var held: [StreamTopic: [ByteBuffer]] = [:]
        var sentSinceStats = 0
        var overflowed = false
    }

    /// What queueing a frame came to.
    private enum Outcome { case queued, queuedFirst, overflowed, ignored }

    let id = UUID()
    let tenant: TenantID
    /// Yields when the queue turns non-empty (the writer drains it whole); ends with `finish`.
    let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let limit: Int
    private let state = Mutex(State())
    private let overflow: @Sendable () -> Void

    /// A session of `tenant` queueing at most `limit` frames; `overflow` is called once when a
    /// frame does not fit.
    init(tenant: TenantID, limit: Int, overflow: @escaping @Sendable () -> Void) {
        self.tenant = tenant
        self.limit = limit
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.overflow = overflow
    }

    /// Takes every queued frame, oldest first.
    func drain() -> [ByteBuffer] {
        state.withLock { state in
            defer { state.queue.removeAll(keepingCapacity: true) }
            return state.queue
        }
    }

    /// The topics followed now.
    var topics: Set<StreamTopic> { state.withLock { $0.topics } }

    /// Starts following `topics`; the live frames of `held` wait until `release`.
    func follow(_ topics: Set<StreamTopic>, holding held: Set<StreamTopic>) {
        state.withLock { state in
            state.topics.formUnion(topics)
            for topic in held where state.held[topic] == nil { state.held[topic] = [] }
        }
    }

    /// Stops following `topics`.
    func unfollow(_ topics: Set<StreamTopic>) {
        state.withLock { state in
            state.topics.subtract(topics)
            for topic in topics { state.held[topic] = nil }
        }
    }

    /// Queues the held live frames of `topic` (after its bootstrap).
    func release(_ topic: StreamTopic) {
        let outcomes = state.withLock { state in
            (state.held.removeValue(forKey: topic) ?? []).map { Self.queue($0, in: &state, limit: limit) }
        }
        outcomes.forEach(settle)
    }

    /// Queues a live frame of `topic` if the client follows it, or holds it while the topic's
    /// bootstrap is read.
    func offer(_ frame: ByteBuffer, topic: StreamTopic) {
        settle(state.withLock { state -> Outcome in
            guard state.topics.contains(topic) else { return .ignored }
            if state.held[topic] != nil {
                state.held[topic]?.append(frame)
                return .ignored
            }
            return Self.queue(frame, in: &state, limit: limit)
        })
    }

    /// Queues a frame; past the limit the client is too slow, and `overflow` is called once.
    func enqueue(_ frame: String) {
        let buffer = ByteBuffer(string: frame)
        settle(state.withLock { Self.queue(buffer, in: &$0, limit: limit) })
    }

    private static func queue(_ frame: ByteBuffer, in state: inout State, limit: Int) -> Outcome {
        guard !state.finished, !state.overflowed else { return .ignored }
        guard state.queue.count < limit else {
            state.overflowed = true
            return .overflowed
        }
        state.queue.append(frame)
        return state.queue.count == 1 ? .queuedFirst : .queued
    }

    /// Wakes the writer when the queue turned non-empty (otherwise a wake-up is pending or the
    /// writer has yet to drain), or reports the overflow.
    private func settle(_ outcome: Outcome) {
        switch outcome {
        case .queuedFirst: wake.yield()
        case .overflowed: overflow()
        case .queued, .ignored: break
        }
    }

    /// Counts `count` frames written to the client.
    func sent(_ count: Int) { state.withLock { $0.sentSinceStats += count } }

    /// Frames written since the last call.
    func takeSentCount() -> Int {
        state.withLock { state in
            defer { state.sentSinceStats = 0 }
            return state.sentSinceStats
        }
    }

    /// Ends the queue: later frames are ignored and `wakeups` ends.
    func finish() {
        state.withLock { state in
            state.finished = true
            state.queue = []
        }
        wake.finish()
    }
}
