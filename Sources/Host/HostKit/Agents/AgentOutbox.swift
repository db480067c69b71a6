import Foundation
import Kernel
import Logging

/// Where an agent's scheduler puts its results until the server has stored them: numbered
/// in order within an epoch, sent in batches, and dropped only once acknowledged.
///
/// Kept in memory, bounded by `capacity` (the oldest dropped first, counted in `dropped`):
/// a link outage loses nothing short of the bound, a restart of the agent loses what was
/// waiting. The epoch is new with each outbox, so a restarted agent's sequences never
/// collide with what the server already stored.
actor AgentOutbox: ResultSink {
    /// This outbox's epoch.
    nonisolated let epoch = UUID().uuidString.lowercased()
    private let capacity: Int
    private let logger: Logger
    private var waiting: [AgentResult] = []
    private var nextSequence: Int64 = 1
    /// Results dropped because the outbox was full.
    private(set) var dropped = 0
    /// Wakes the sender when results arrive.
    private var arrivals: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int = 500_000, logger: Logger) {
        self.capacity = capacity
        self.logger = logger
    }

    /// Results waiting for acknowledgement.
    var depth: Int { waiting.count }

    func submit(_ completions: [CheckCompletion]) {
        for completion in completions {
            waiting.append(AgentResult(sequence: nextSequence, record: completion.record, state: completion.state?.state,
                                       events: completion.events.isEmpty ? nil : completion.events))
            nextSequence += 1
        }
        if waiting.count > capacity {
            let excess = waiting.count - capacity
            waiting.removeFirst(excess)
            dropped += excess
            logger.error("the outbox is full while the server is unreachable; dropped the oldest results", metadata: ["dropped": "\(excess)"])
        }
        for waiter in arrivals { waiter.resume() }
        arrivals.removeAll()
    }

    /// Everything submitted is held here until acknowledged: nothing to write.
    func flush() -> Bool { true }

    func run(every interval: Double, clock: any SchedulerClock) async {
        while !Task.isCancelled { try? await clock.sleep(seconds: 3600) }
    }

    /// The oldest results waiting, at most `limit`, after `sequence` (those sent and not yet
    /// acknowledged are skipped); waits until there is one.
    func next(after sequence: Int64, limit: Int) async -> [AgentResult] {
        while !Task.isCancelled {
            let batch = Array(waiting.lazy.filter { $0.sequence > sequence }.prefix(limit))
            if !batch.isEmpty { return batch }
            await withCheckedContinuation { arrivals.append($0) }
        }
        return []
    }

    /// Drops every result up to `sequence`: the server stored them.
    func acknowledge(_ sequence: Int64) {
        let count = waiting.prefix { $0.sequence <= sequence }.count
        waiting.removeFirst(count)
    }
}
