import Foundation
import GRDB
import Kernel

/// Results, states and the outbox in one SQLite transaction.
struct SQLiteCheckRepository: CheckRepository {
    let pool: DatabasePool

    func commit(_ batch: CheckBatch) async throws {
        guard !batch.isEmpty else { return }
        let results = batch.results.map(ResultRow.init)
        let hours = CheckTally.hourly(batch.results)
        let states = SQLiteMonitorRepository.stateRows(batch.states)
        let encoder = JSONEncoder()
        let events = try batch.events.map { event in (event, String(decoding: try encoder.encode(event), as: UTF8.self)) }
        let deliveries = batch.deliveries
        try await pool.write { db in
            try SQLiteResultRepository.insert(results, hours: hours, into: db)
            try SQLiteMonitorRepository.save(states, into: db)
            let statement = try db.cachedStatement(sql: "INSERT INTO event_outbox (tenant_id, name, occurred_at, event) VALUES (?,?,?,?)")
            for (event, text) in events {
                try statement.execute(arguments: [event.tenantID.description, event.name, event.occurredAt.timeIntervalSince1970, text])
            }
            for delivery in deliveries {
                try db.execute(sql: """
                    INSERT INTO delivery_cursors (origin, sequence) VALUES (?, ?)
                    ON CONFLICT (origin) DO UPDATE SET sequence = max(sequence, excluded.sequence)
                    """, arguments: [delivery.origin, delivery.sequence])
            }
        }
    }

    func deliveredSequence(origin: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT sequence FROM delivery_cursors WHERE origin = ?", arguments: [origin]) ?? 0
        }
    }

    func deliveryCursors() async throws -> [DeliveryCursor] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT origin, sequence FROM delivery_cursors ORDER BY origin").map { DeliveryCursor(origin: $0["origin"], sequence: $0["sequence"]) }
        }
    }

    func outboxAllTenants(after sequence: Int64, limit: Int) async throws -> [OutboxEntry] {
        let rows: [(Int64, String)] = try await pool.read { db in
            try Row.fetchAll(try db.cachedStatement(sql: "SELECT sequence, event FROM event_outbox WHERE sequence > ? ORDER BY sequence LIMIT ?"),
                             arguments: [sequence, max(limit, 1)]).map { ($0["sequence"], $0["event"]) }
        }
        let decoder = JSONDecoder()
        return rows.compactMap { sequence, text in
            guard let event = try? decoder.decode(Event.self, from: Data(text.utf8)) else { return nil }
            return OutboxEntry(sequence: sequence, event: event)
        }
    }

    func pruneOutboxAllTenants(olderThan cutoff: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM event_outbox WHERE occurred_at < ?", arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
