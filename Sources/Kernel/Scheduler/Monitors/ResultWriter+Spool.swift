import Foundation

/// One check as the server's result spool keeps it: a result with the events it caused; the
/// last entry of a spill also carries the monitor states as they were then (an entry may
/// hold states and events only).
struct SpooledCheck: Codable {
    var record: ResultRecord?
    var states: [MonitorStateUpdate]?
    var events: [Event]?
}

extension ResultWriter {
    /// The delivery cursor's origin for this writer's spool: replayed entries up to the
    /// cursor are in the store already (committed before a kill took their acknowledgement).
    private var spoolOrigin: String? { spool.map { "spool:\($0.epoch)" } }

    /// Moves everything buffered to the spool, in order, so a kill during the outage loses
    /// none of it. On a spool failure (a full disk) it stays in memory, under `maxBuffered`.
    func spillToSpool() async {
        guard let spool, !records.isEmpty || !states.isEmpty || !orphanedEvents.isEmpty else { return }
        let count = records.count, upTo = committed + count
        let waitingCount = waiting.prefix { $0.sequence <= upTo }.count
        let orphans = orphanedEvents.count
        let stateSnapshot = states
        var eventsBySequence: [Int: [Event]] = [:]
        for entry in waiting.prefix(waitingCount) { eventsBySequence[entry.sequence, default: []] += entry.events }
        do {
            var payloads: [Data] = []
            payloads.reserveCapacity(count + 1)
            for (offset, record) in records.prefix(count).enumerated() {
                var events = eventsBySequence[committed + offset + 1] ?? []
                if offset == 0 { events = orphanedEvents + events }
                payloads.append(try encoder.encode(SpooledCheck(record: record, events: events.isEmpty ? nil : events)))
            }
            // The states after every spilled result, and orphaned events with no result left.
            let trailingEvents = count == 0 ? orphanedEvents : []
            if !stateSnapshot.isEmpty || !trailingEvents.isEmpty {
                payloads.append(try encoder.encode(SpooledCheck(record: nil, states: Array(stateSnapshot.values),
                                                                events: trailingEvents.isEmpty ? nil : trailingEvents)))
            }
            let droppedNow = try await spool.append(payloads)
            if droppedNow > 0 {
                logger.error("the result spool is over its bounds while the store is failing; dropped the oldest results",
                             metadata: ["dropped": "\(droppedNow)"])
            }
        } catch {
            logger.error("could not write results to the spool; keeping them in memory", metadata: ["error": "\(error)"])
            return
        }
        records.removeFirst(count)
        committed = upTo
        waiting.removeFirst(waitingCount)
        orphanedEvents.removeFirst(orphans)
        for (id, update) in stateSnapshot where states[id] == update { states[id] = nil }
        spooled += count
        spoolMetrics?.spooled.increment(by: count)
        spoolMetrics?.depth.record(await spool.depth)
    }

    /// Writes the spool to the store, oldest first, `maxBatch` entries per transaction with
    /// the spool's delivery cursor; removes each batch once committed. True when it is empty.
    func replaySpool() async -> Bool {
        guard let spool, let origin = spoolOrigin else { return true }
        guard await spool.depth > 0 else {
            spoolMetrics?.depth.record(0)
            return true
        }
        do {
            if replayCursor == nil {
                let store = self.store
                replayCursor = try await Task { try await store.checks.deliveredSequence(origin: origin) }.value
            }
            while true {
                let entries = try await spool.oldest(limit: maxBatch)
                guard let last = entries.last else { break }
                let batch = decodedBatch(entries.filter { $0.sequence > replayCursor ?? 0 }, origin: origin, through: last.sequence)
                let store = self.store
                try await Task { try await store.checks.commit(batch) }.value
                replayCursor = last.sequence
                failing = false
                try await spool.acknowledge(last.sequence)
                replayed += batch.results.count
                spoolMetrics?.replayed.increment(by: batch.results.count)
                spoolMetrics?.depth.record(await spool.depth)
                publish(batch.events, of: batch.results)
            }
            return true
        } catch {
            if !failing { logger.error("writing spooled results failed; will retry", metadata: ["error": "\(error)"]) }
            failing = true
            return false
        }
    }

    /// One transaction's worth of spooled checks: results in order, each monitor's latest
    /// state, every event, and the cursor raised to `through`.
    private func decodedBatch(_ entries: [DurableSpoolEntry], origin: String, through: Int64) -> CheckBatch {
        var batch = CheckBatch(deliveries: [DeliveryCursor(origin: origin, sequence: through)])
        var states: [MonitorID: MonitorStateUpdate] = [:]
        var unreadable = 0
        for entry in entries {
            guard let check = try? decoder.decode(SpooledCheck.self, from: entry.payload) else {
                unreadable += 1
                continue
            }
            if let record = check.record { batch.results.append(record) }
            for update in check.states ?? [] { states[update.monitorID] = update }
            batch.events += check.events ?? []
        }
        if unreadable > 0 { logger.error("dropped spooled results that cannot be read", metadata: ["count": "\(unreadable)"]) }
        batch.states = Array(states.values)
        return batch
    }
}
