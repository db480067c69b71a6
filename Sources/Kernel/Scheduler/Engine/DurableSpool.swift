import Foundation

/// A durable first-in, first-out queue of opaque entries on local disk: where a result sink
/// keeps what it could not deliver (the server's store was unreachable, an agent's server
/// was) so that a kill of the process loses none of it. The Host's `SQLiteSpool` is one.
///
/// Entries are numbered in append order and removed only by `acknowledge`, once whatever
/// they were for has been done (the store committed them).
public protocol DurableSpool: Sendable {
    /// The file's identity, made with it: entry numbers are unique within it.
    var epoch: String { get }
    /// Appends `payloads` in order, durably (one transaction); returns how many of the oldest
    /// entries the spool's bounds dropped to make room.
    func append(_ payloads: [Data]) async throws -> Int64
    /// The oldest entries, at most `limit`, without waiting; empty when there is none.
    func oldest(limit: Int) async throws -> [DurableSpoolEntry]
    /// Removes every entry up to and including `sequence`.
    func acknowledge(_ sequence: Int64) async throws
    /// Entries waiting.
    var depth: Int { get async }
}

/// One entry of a `DurableSpool`.
public struct DurableSpoolEntry: Sendable, Hashable {
    /// Its number: increasing in append order.
    public var sequence: Int64
    /// What was appended.
    public var payload: Data

    /// Creates an entry.
    public init(sequence: Int64, payload: Data) {
        self.sequence = sequence
        self.payload = payload
    }
}
