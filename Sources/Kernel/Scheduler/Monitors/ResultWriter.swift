import Foundation
import Logging

/// Buffers results, monitor states and the events they caused, and writes them to the store
/// in batches, each in one transaction (`CheckRepository.commit`). A failed write keeps the
/// batch for the next attempt (up to `maxBuffered` records, oldest dropped first with a
/// logged count), so a store outage loses nothing short of that bound.
///
/// Persist, then publish: the events a result caused (a status change, a probe's own events)
/// go into the store's outbox in the transaction that writes the result and its state, and
/// are published on the bus only after it commits. Whoever acts on an event finds its result
/// in the store; whatever must not be lost (alerting) reads the outbox from its own cursor,
/// so a crash between the commit and the publish loses nothing; and during a store outage
/// nothing is announced that is not yet stored. Each written result is then published as
/// `monitor.checked` for live views, when one subscribes.
public actor ResultWriter: ResultSink {
    private let store: any Store
    private let bus: EventBus?
    private let logger: Logger
    private let maxBatch: Int
    private let maxBuffered: Int
    private var records: [ResultRecord] = []
    private var states: [MonitorID: MonitorStateUpdate] = [:]
    /// Events waiting for their record's batch, with the record's sequence number.
    private var waiting: [(sequence: Int, events: [Event])] = []
    /// Events of records dropped while the store was failing: still written (to the outbox)
    /// and published with the next batch.
    private var orphanedEvents: [Event] = []
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
    /// which are written with it and published once written.
    public func enqueue(_ record: ResultRecord, state: MonitorStateUpdate?, events: [Event] = []) {
        records.append(record)
        enqueued += 1
        if let state { states[state.monitorID] = state }
        if !events.isEmpty { waiting.append((enqueued, events)) }
        // Not while a batch is being written: its records are still at the front.
        if records.count > maxBuffered, !flushing {
            let excess = records.count - maxBuffered
            records.removeFirst(excess)
            dropped += excess
            committed += excess
            // The dropped results' events are kept: the states they describe are still written.
            let lost = waiting.prefix { $0.sequence <= committed }
            orphanedEvents += lost.flatMap(\.events)
            waiting.removeFirst(lost.count)
            logger.error("result buffer full while the store is failing; dropped oldest results", metadata: ["dropped": "\(excess)"])
        }
    }

    public func submit(_ completions: [CheckCompletion]) {
        for completion in completions { enqueue(completion.record, state: completion.state, events: completion.events) }
    }

    /// Records waiting to be written.
    public var pending: Int { records.count }

    /// Writes everything buffered, in batches of `maxBatch`; true when nothing is left.
    @discardableResult
    public func flush() async -> Bool {
        guard !flushing else { return false }
        flushing = true
        defer { flushing = false }
        while !records.isEmpty || !states.isEmpty || !orphanedEvents.isEmpty {
            let batch = Array(records.prefix(maxBatch))
            let upTo = committed + batch.count
            let batchWaiting = waiting.prefix { $0.sequence <= upTo }.count
            let orphans = orphanedEvents.count
            let events = orphanedEvents + waiting.prefix(batchWaiting).flatMap(\.events)
            let stateBatch = Array(states.values)
            do {
                // In a task of its own: a flush at shutdown runs in a cancelled task, and a
                // store that honours cancellation would refuse the final write.
                let store = self.store, checks = CheckBatch(results: batch, states: stateBatch, events: events)
                try await Task { try await store.checks.commit(checks) }.value
            } catch {
                if !failing { logger.error("writing results failed; will retry", metadata: ["error": "\(error)"]) }
                failing = true
                return false
            }
            // Whatever was enqueued meanwhile stays: only what was written is taken off.
            records.removeFirst(min(batch.count, records.count))
            committed = upTo
            for update in stateBatch where states[update.monitorID] == update { states[update.monitorID] = nil }
            orphanedEvents.removeFirst(orphans)
            waiting.removeFirst(batchWaiting)
            failing = false
            for event in events { bus?.publish(event) }
            if let bus, bus.hasSubscribers(for: MonitorChecked.self) {
                for record in batch {
                    if let checked = MonitorChecked(record) { bus.publish(Event(tenantID: record.tenantID, checked)) }
                }
            }
        }
        return true
    }

    /// Flushes every `interval` until cancelled. The last flush is the owner's (the engine's
    /// `shutdown`, once the runs in flight have finished).
    public func run(every interval: Double, clock: any SchedulerClock) async {
        while !Task.isCancelled {
            try? await clock.sleep(seconds: interval)
            if Task.isCancelled { break }
            await flush()
        }
    }
}
