import Foundation
import Logging

/// Buffers results and monitor states and writes them to the store in batches. A failed
/// write keeps the batch for the next attempt (up to `maxBuffered` records, oldest dropped
/// first with a logged count), so a store outage loses nothing short of that bound.
///
/// Persist, then publish: the events a result caused (a status change, a probe's own events)
/// are published on the bus only once the batch holding the result and its state is
/// written, so whoever acts on an event finds its result in the store, and during a store
/// outage nothing is announced that is not yet stored.
public actor ResultWriter: ResultSink {
    private let store: any Store
    private let bus: EventBus?
    private let logger: Logger
    private let maxBatch: Int
    private let maxBuffered: Int
    private var records: [ResultRecord] = []
    private var states: [MonitorID: MonitorStateUpdate] = [:]
    /// Events waiting for their record: published once `committed` reaches `sequence`.
    private var waiting: [(sequence: Int, events: [Event])] = []
    /// Records ever enqueued, and records written (or dropped).
    private var enqueued = 0
    private var committed = 0
    private var flushing = false
    /// Records dropped because the buffer was full while the store was failing.
    public private(set) var dropped = 0
    /// True when the last write failed.
    public private(set) var failing = false

    /// Creates a writer; `events` is where the events of written results are published.
    public init(store: any Store, events: EventBus? = nil, logger: Logger, maxBatch: Int = 2000, maxBuffered: Int = 500_000) {
        self.store = store
        self.bus = events
        self.logger = logger
        self.maxBatch = maxBatch
        self.maxBuffered = maxBuffered
    }

    /// Queues a result, optionally the monitor state it produced, and the events it caused,
    /// which are published once the result is written.
    public func enqueue(_ record: ResultRecord, state: MonitorStateUpdate?, events: [Event] = []) {
        records.append(record)
        enqueued += 1
        if let state { states[state.monitorID] = state }
        if !events.isEmpty { waiting.append((enqueued, events)) }
        if records.count > maxBuffered {
            let excess = records.count - maxBuffered
            records.removeFirst(excess)
            dropped += excess
            // The dropped results' events are announced rather than lost: their states are
            // still written when the store is back.
            committed += excess
            publishCommitted()
            logger.error("result buffer full while the store is failing; dropped oldest results", metadata: ["dropped": "\(excess)"])
        }
    }

    private func publishCommitted() {
        var published = 0
        for entry in waiting {
            guard entry.sequence <= committed else { break }
            for event in entry.events { bus?.publish(event) }
            published += 1
        }
        if published > 0 { waiting.removeFirst(published) }
    }

    /// Records waiting to be written.
    public var pending: Int { records.count }

    /// Writes everything buffered, in batches of `maxBatch`; true when nothing is left.
    @discardableResult
    public func flush() async -> Bool {
        guard !flushing else { return false }
        flushing = true
        defer { flushing = false }
        while !records.isEmpty || !states.isEmpty {
            let batch = Array(records.prefix(maxBatch))
            let stateBatch = Array(states.values)
            do {
                if !batch.isEmpty { try await store.results.append(batch) }
                records.removeFirst(min(batch.count, records.count))
                committed += batch.count
                if !stateBatch.isEmpty {
                    try await store.monitors.saveStates(stateBatch)
                    for update in stateBatch where states[update.monitorID] == update { states[update.monitorID] = nil }
                }
                failing = false
                publishCommitted()
            } catch {
                if !failing { logger.error("writing results failed; will retry", metadata: ["error": "\(error)"]) }
                failing = true
                return false
            }
        }
        return true
    }

    public func submit(_ completion: CheckCompletion) {
        enqueue(completion.record, state: completion.state, events: completion.events)
    }

    public func run(every interval: Double, clock: any SchedulerClock) async {
        while !Task.isCancelled {
            try? await clock.sleep(seconds: interval)
            await flush()
        }
        await flush()
    }
}
