import Foundation

/// What the scheduler writes after checks, in one transaction: the results, the monitors'
/// new states, and the events the checks caused, kept in an outbox that whoever acts on them
/// (alerting) reads from its own cursor. A crash between the write and the publish on the
/// bus therefore loses no status change: it is in the store with the result that caused it.
public protocol CheckRepository: Sendable {
    /// Writes `batch` in one transaction: every part of it or none. States of deleted
    /// monitors are ignored, as by `MonitorRepository.saveStates`.
    func commit(_ batch: CheckBatch) async throws
    /// Outbox entries of every tenant with a sequence above `after`, in sequence order, at
    /// most `limit`. Sequences increase in commit order (gaps are allowed).
    func outboxAllTenants(after sequence: Int64, limit: Int) async throws -> [OutboxEntry]
    /// Deletes outbox entries of every tenant that occurred before `cutoff` (retention);
    /// returns how many.
    @discardableResult func pruneOutboxAllTenants(olderThan cutoff: Date) async throws -> Int
    /// The highest sequence of `origin`'s numbered deliveries stored so far
    /// (`CheckBatch.deliveries`); 0 when none.
    func deliveredSequence(origin: String) async throws -> Int64
    /// Every delivery cursor, by origin (`vantage store migrate`: without them an agent's
    /// replay after a migration would be stored twice).
    func deliveryCursors() async throws -> [DeliveryCursor]
}

/// Results, states and events written together.
public struct CheckBatch: Sendable {
    /// Results, each with its tenant.
    public var results: [ResultRecord]
    /// Monitor states.
    public var states: [MonitorStateUpdate]
    /// Events for the outbox, each with its tenant.
    public var events: [Event]
    /// Numbered deliveries the batch completes (an agent's results up to a sequence): each
    /// origin's cursor is raised to its sequence in the batch's transaction, so a delivery
    /// replayed after a lost acknowledgement is recognised and not stored twice.
    public var deliveries: [DeliveryCursor]

    /// Creates a batch.
    public init(results: [ResultRecord] = [], states: [MonitorStateUpdate] = [], events: [Event] = [], deliveries: [DeliveryCursor] = []) {
        self.results = results
        self.states = states
        self.events = events
        self.deliveries = deliveries
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { results.isEmpty && states.isEmpty && events.isEmpty && deliveries.isEmpty }
}

/// How far one origin's numbered deliveries are stored.
public struct DeliveryCursor: Sendable, Hashable {
    /// Who numbers the deliveries (`agent:ID`).
    public var origin: String
    /// The highest sequence stored.
    public var sequence: Int64

    /// Creates a cursor.
    public init(origin: String, sequence: Int64) {
        self.origin = origin
        self.sequence = sequence
    }
}

/// One event in the outbox.
public struct OutboxEntry: Sendable, Hashable {
    /// Its place in the outbox; a consumer keeps the last one it handled as its cursor.
    public var sequence: Int64
    /// The event.
    public var event: Event

    /// Creates an entry.
    public init(sequence: Int64, event: Event) {
        self.sequence = sequence
        self.event = event
    }
}
