import Foundation
import Synchronization

/// An in-process publish/subscribe bus. Every subscriber gets every event published after
/// it subscribed, in order, through its own bounded buffer: a slow subscriber loses its
/// oldest events, never blocks the publisher.
public final class EventBus: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<Event>.Continuation]>([:])

    /// Creates an empty bus.
    public init() {}

    /// Delivers an event to every current subscriber.
    public func publish(_ event: Event) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets { continuation.yield(event) }
    }

    /// Subscribes; the stream ends when the consuming task is cancelled or the bus is dropped.
    /// - Parameter buffer: events kept for a subscriber that falls behind.
    public func subscribe(buffer: Int = 4096) -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    /// The number of current subscribers.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    deinit {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
