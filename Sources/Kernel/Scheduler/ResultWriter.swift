import Foundation
import Logging

/// Buffers results and monitor states and writes them to the store in batches. A failed
/// write keeps the batch for the next attempt (up to `maxBuffered` records, oldest dropped
/// first with a logged count), so a store outage loses nothing short of that bound.
public actor ResultWriter {
    private let store: any Store
    private let logger: Logger
    private let maxBatch: Int
    private let maxBuffered: Int
    private var records: [ResultRecord] = []
    private var states: [MonitorID: MonitorStateUpdate] = [:]
    private var flushing = false
    /// Records dropped because the buffer was full while the store was failing.
    public private(set) var dropped = 0
    /// True when the last write failed.
    public private(set) var failing = false

    /// Creates a writer.
    public init(store: any Store, logger: Logger, maxBatch: Int = 2000, maxBuffered: Int = 500_000) {
        self.store = store
        self.logger = logger
        self.maxBatch = maxBatch
        self.maxBuffered = maxBuffered
    }

    /// Queues a result and, optionally, the monitor state it produced.
    public func enqueue(_ record: ResultRecord, state: MonitorStateUpdate?) {
        records.append(record)
        if let state { states[state.monitorID] = state }
        if records.count > maxBuffered {
            let excess = records.count - maxBuffered
            records.removeFirst(excess)
            dropped += excess
            logger.error("result buffer full while the store is failing; dropped oldest results", metadata: ["dropped": "\(excess)"])
        }
    }

    /// Records waiting to be written.
    public var pending: Int { records.count }

    /// Writes everything buffered, in batches of `maxBatch`.
    public func flush() async {
        guard !flushing else { return }
        flushing = true
        defer { flushing = false }
        while !records.isEmpty || !states.isEmpty {
            let batch = Array(records.prefix(maxBatch))
            let stateBatch = Array(states.values)
            do {
                if !batch.isEmpty { try await store.results.append(batch) }
                records.removeFirst(min(batch.count, records.count))
                if !stateBatch.isEmpty {
                    try await store.monitors.saveStates(stateBatch)
                    for update in stateBatch where states[update.monitorID] == update { states[update.monitorID] = nil }
                }
                failing = false
            } catch {
                if !failing { logger.error("writing results failed; will retry", metadata: ["error": "\(error)"]) }
                failing = true
                return
            }
        }
    }

    /// Flushes every `interval` until cancelled, then once more.
    public func run(interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flush()
        }
        await flush()
    }
}
