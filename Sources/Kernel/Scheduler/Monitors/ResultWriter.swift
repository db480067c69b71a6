import Foundation
import Logging

/// Buffers results, monitor states and the events they caused, and writes them to the store
/// in batches, each in one transaction (`CheckRepository.commit`).
///
/// A store outage: with a `spool` (the server's `result-spool.sqlite`), a failed write moves
/// everything buffered to the spool, in order, so neither the outage nor a kill of the process
/// during it loses a result (short of the spool's size and age bounds, which count what they
/// drop); each flush then first replays the spool, oldest first, one spooled batch per
/// transaction, and removes an entry only once the store has committed it. Without a spool,
/// a failed write keeps the batch in memory for the next attempt (up to `maxBuffered`
/// records, oldest dropped first with a logged count).
///
/// Persist, then publish: the events a result caused (a status change, a probe's own events)
/// go into the store's outbox in the transaction that writes the result and its state, and
/// are published on the bus only after it commits. Whoever acts on an event finds its result
/// in the store; whatever must not be lost (alerting) reads the outbox from its own cursor,
/// so a crash between the commit and the publish loses nothing; and during a store outage
/// nothing is announced that is not yet stored. Each written result is then published as
/// `monitor.checked` for live views, when one subscribes.
public actor ResultWriter: ResultSink {
    let store: any Store
    let bus: EventBus?
    let logger: Logger
    let maxBatch: Int
    private let maxBuffered: Int
    /// Where a failed write's batches wait, on disk (nil: in memory only).
    let spool: (any DurableSpool)?
    var records: [ResultRecord] = []
    var states: [MonitorID: MonitorStateUpdate] = [:]
    /// Events waiting for their record's batch, with the record's sequence number.
    var waiting: [(sequence: Int, events: [Event])] = []
    /// Events of records dropped while the store was failing: still written (to the outbox)
    /// and published with the next batch.
    var orphanedEvents: [Event] = []
    /// Records ever enqueued, and records written, spooled (or dropped).
    private var enqueued = 0
    var committed = 0
    private var flushing = false
    /// Records dropped because the buffer was full while the store was failing.
    public private(set) var dropped = 0
    /// True when the last write failed.
    public internal(set) var failing = false
    /// Results moved to the spool, and replayed from it into the store, since start.
    public internal(set) var spooled = 0
    public internal(set) var replayed = 0
    /// The spool's delivery cursor once read: only this writer raises it.
    var replayCursor: Int64?
    let spoolMetrics: ResultSpoolMetrics?
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    /// Creates a writer; `events` is where the events of written results are published,
    /// `spool` where batches wait while the store is unreachable.
    public init(store: any Store, events: EventBus? = nil, logger: Logger, maxBatch: Int = 2000, maxBuffered: Int = 500_000,
                spool: (any DurableSpool)? = nil, spoolMetrics: ResultSpoolMetrics? = nil) {
        self.store = store
        self.bus = events
        self.logger = logger
        self.maxBatch = maxBatch
        self.maxBuffered = maxBuffered
        self.spool = spool
        self.spoolMetrics = spool == nil ? nil : spoolMetrics
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
        for completion in completions where !completion.isPending { enqueue(completion.record, state: completion.state, events: completion.events) }
    }

    /// Records waiting to be written.
    public var pending: Int { records.count }

    /// Entries waiting in the spool (nil without one).
    public var spoolDepth: Int? { get async { await spool?.depth } }

    /// Writes everything buffered, in batches of `maxBatch`; true when nothing is left.
    @discardableResult
    public func flush() async -> Bool {
        guard !flushing else { return false }
        flushing = true
        defer { flushing = false }
        // What waits in the spool is older than anything in memory: it goes first.
        if spool != nil, await !replaySpool() {
            await spillToSpool()
            return false
        }
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
                if spool != nil { await spillToSpool() }
                return false
            }
            // Whatever was enqueued meanwhile stays: only what was written is taken off.
            records.removeFirst(min(batch.count, records.count))
            committed = upTo
            for update in stateBatch where states[update.monitorID] == update { states[update.monitorID] = nil }
            orphanedEvents.removeFirst(orphans)
            waiting.removeFirst(batchWaiting)
            failing = false
            publish(events, of: batch)
        }
        return true
    }

    /// Publishes a written batch's events, and each result as `monitor.checked` when a live
    /// view listens.
    func publish(_ events: [Event], of batch: [ResultRecord]) {
        for event in events { bus?.publish(event) }
        if let bus, bus.hasSubscribers(for: MonitorChecked.self) {
            for record in batch {
                if let checked = MonitorChecked(record) { bus.publish(Event(tenantID: record.tenantID, checked)) }
            }
        }
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
