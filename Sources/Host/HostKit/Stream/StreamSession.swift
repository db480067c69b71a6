import Foundation
import Kernel
import Synchronization

/// One live-stream client: its tenant, the topics it follows, and its queue of frames, bounded
/// so that a client that stops reading costs a fixed amount of memory and is dropped rather
/// than slowing the server or other clients.
final class StreamSession: Sendable {
    private struct State {
        var topics: Set<StreamTopic> = []
        /// Topics whose live frames wait until their bootstrap is queued.
        var held: [StreamTopic: [String]] = [:]
        var sentSinceStats = 0
        var overflowed = false
    }

    let id = UUID()
    let tenant: TenantID
    /// The frames to send, oldest first.
    let frames: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let state = Mutex(State())
    private let overflow: @Sendable () -> Void

    /// A session of `tenant` queueing at most `limit` frames; `overflow` is called once when a
    /// frame does not fit.
    init(tenant: TenantID, limit: Int, overflow: @escaping @Sendable () -> Void) {
        self.tenant = tenant
        (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(limit))
        self.overflow = overflow
    }

    /// The topics followed now.
    var topics: Set<StreamTopic> { state.withLock { $0.topics } }

    /// Whether the client follows `topic`.
    func follows(_ topic: StreamTopic) -> Bool { state.withLock { $0.topics.contains(topic) } }

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
        for frame in state.withLock({ $0.held.removeValue(forKey: topic) ?? [] }) { enqueue(frame) }
    }

    /// Queues a live frame of `topic`, or holds it while the topic's bootstrap is read.
    func offer(_ frame: String, topic: StreamTopic) {
        let heldBack = state.withLock { state -> Bool in
            guard state.held[topic] != nil else { return false }
            state.held[topic]?.append(frame)
            return true
        }
        if !heldBack { enqueue(frame) }
    }

    /// Queues a frame; past the limit the client is too slow, and `overflow` is called once.
    func enqueue(_ frame: String) {
        if case .dropped = continuation.yield(frame) {
            let first = state.withLock { state -> Bool in
                defer { state.overflowed = true }
                return !state.overflowed
            }
            if first { overflow() }
        }
    }

    /// Counts a frame written to the client.
    func sent() { state.withLock { $0.sentSinceStats += 1 } }

    /// Frames written since the last call.
    func takeSentCount() -> Int {
        state.withLock { state in
            defer { state.sentSinceStats = 0 }
            return state.sentSinceStats
        }
    }

    /// Ends the queue.
    func finish() { continuation.finish() }
}
