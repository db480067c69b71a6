import Foundation
import Synchronization

/// An in-process publish/subscribe bus. Every subscriber gets every event its filter admits
/// (by tenant and topic; everything by default) published after it subscribed, in order,
/// through its own bounded buffer: a slow subscriber loses its oldest events, never blocks
/// the publisher. Filtering happens before the buffer, so a tenant's live view is never
/// crowded out by other tenants' events.
public final class EventBus: Sendable {
    private let subscribers = Mutex<[UUID: (filter: EventFilter, continuation: AsyncStream<Event>.Continuation)]>([:])

    /// Creates an empty bus.
    public init() {}

    /// Delivers an event to every current subscriber.
    public func publish(_ event: Event) {
        let targets = subscribers.withLock { Array($0.values) }
        for target in targets where target.filter.admits(event) { target.continuation.yield(event) }
    }

    /// Subscribes; the stream ends when the consuming task is cancelled or the bus is dropped.
    /// - Parameters:
    ///   - filter: which events to deliver (default every event).
    ///   - buffer: events kept for a subscriber that falls behind.
    public func subscribe(_ filter: EventFilter = .everything, buffer: Int = 4096) -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = (filter, continuation) }
        return stream
    }

    /// Whether any subscriber would receive events of `Payload`'s kind (of some tenant): a
    /// publisher of high-rate events builds them only then.
    public func hasSubscribers<Payload: EventPayload>(for payload: Payload.Type) -> Bool {
        subscribers.withLock { table in
            table.values.contains { $0.filter.admits(topic: Payload.eventName) && (Payload.isRelayed || $0.filter.includesLocalOnly) }
        }
    }

    /// The number of current subscribers.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    deinit {
        for target in subscribers.withLock({ Array($0.values) }) { target.continuation.finish() }
    }
}
