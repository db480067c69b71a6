import Foundation
import Kernel
import Logging
import Spool

/// Where an agent's scheduler puts its results until the server has stored them: its spool
/// (`SQLiteSpool`, `spool.sqlite` in the data directory), numbered in order within the
/// spool's epoch, sent in batches, and removed only once acknowledged. A link outage or a
/// kill of the agent loses nothing short of the spool's bounds (size and age; what they
/// drop is counted and logged).
actor AgentOutbox: ResultSink {
    /// The spool's epoch: the server keeps a delivery cursor per agent and epoch.
    nonisolated let epoch: String
    private let spool: SQLiteSpool
    private let logger: Logger
    private let encoder = JSONEncoder()
    private let decoder = JSONDecoder()
    /// Results that could not be written to the spool (a full disk).
    private(set) var lost = 0

    init(spool: SQLiteSpool, logger: Logger) {
        self.spool = spool
        self.logger = logger
        epoch = spool.epoch
    }

    /// Results waiting for acknowledgement.
    var depth: Int { get async { await spool.depth } }

    /// Results the spool's bounds dropped since it was made.
    var dropped: Int64 { get async { await spool.dropped } }

    func submit(_ completions: [CheckCompletion]) async {
        do {
            let payloads = try completions.filter { !$0.isPending }.map { completion in
                try encoder.encode(AgentResult(sequence: 0, record: completion.record, state: completion.state?.state,
                                               events: completion.events.isEmpty ? nil : completion.events))
            }
            let dropped = try await spool.append(payloads)
            if dropped > 0 {
                logger.error("the spool is over its bounds while the server is unreachable; dropped the oldest results", metadata: ["dropped": "\(dropped)"])
            }
        } catch {
            lost += completions.count
            logger.error("could not write results to the spool; they are lost", metadata: ["count": "\(completions.count)", "error": "\(error)"])
        }
    }

    /// Every submitted result is already in the spool: nothing to write.
    func flush() -> Bool { true }

    func run(every interval: Double, clock: any SchedulerClock) async {
        while !Task.isCancelled { try? await clock.sleep(seconds: 3600) }
    }

    /// The oldest results after `sequence`, at most `limit`; waits until there is one.
    func next(after sequence: Int64, limit: Int) async throws -> [AgentResult] {
        try await spool.next(after: sequence, limit: limit).compactMap { entry in
            guard var result = try? decoder.decode(AgentResult.self, from: entry.payload) else {
                logger.error("dropped a spooled result that cannot be read", metadata: ["sequence": "\(entry.sequence)"])
                return nil
            }
            result.sequence = entry.sequence
            return result
        }
    }

    /// Removes every result up to `sequence`: the server stored them.
    func acknowledge(_ sequence: Int64) async throws { try await spool.acknowledge(sequence) }
}
