import Foundation

/// Reads the store's event outbox (`CheckRepository`) from a cursor the consumer keeps. What
/// acts on events and must not miss one (alerting) follows the outbox rather than the bus: a
/// crash between a commit and its publish, a subscriber's full buffer or a restart loses
/// nothing, because the consumer resumes from the last sequence it handled.
public struct OutboxFeed: Sendable {
    private let checks: any CheckRepository
    private let names: Set<String>?
    private let batch: Int

    /// A feed of the events named in `names` (every event when nil), read `batch` at a time.
    public init(checks: any CheckRepository, names: Set<String>? = nil, batch: Int = 500) {
        self.checks = checks
        self.names = names
        self.batch = max(batch, 1)
    }

    /// The matching entries after `cursor` (at most one batch read), and the cursor to resume
    /// from: past every entry read, matching or not.
    public func next(after cursor: Int64) async throws -> (entries: [OutboxEntry], cursor: Int64) {
        let read = try await checks.outboxAllTenants(after: cursor, limit: batch)
        let matching = names.map { names in read.filter { names.contains($0.event.name) } } ?? read
        return (matching, read.last?.sequence ?? cursor)
    }

    /// Hands every matching entry after `cursor` to `handle`, in order, batch by batch, until
    /// cancelled: at once when `bus` announces a matching event, else every `interval`
    /// seconds on `clock`. `handle` gets the entries and the cursor to save once it has acted;
    /// when it throws, the same entries come again at the next wake-up. A store that cannot
    /// be read is tried again at the next wake-up too.
    public func follow(from cursor: Int64, bus: EventBus?, every interval: Double, clock: any SchedulerClock,
                       handle: @Sendable ([OutboxEntry], Int64) async throws -> Void) async {
        var cursor = cursor
        let wakeups = bus?.subscribe(EventFilter(topics: names))
        let signal = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let relay = Task {
            guard let wakeups else { return }
            for await _ in wakeups { signal.continuation.yield() }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await clock.sleep(seconds: interval)
                signal.continuation.yield()
            }
        }
        defer {
            relay.cancel()
            ticker.cancel()
            signal.continuation.finish()
        }
        var wakes = signal.stream.makeAsyncIterator()
        while !Task.isCancelled {
            while !Task.isCancelled {
                guard let (entries, next) = try? await self.next(after: cursor), next != cursor else { break }
                do {
                    if !entries.isEmpty { try await handle(entries, next) }
                    cursor = next
                } catch {
                    break
                }
            }
            guard await wakes.next() != nil else { break }
        }
    }
}
