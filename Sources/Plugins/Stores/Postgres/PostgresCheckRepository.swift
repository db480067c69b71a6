import Foundation
import Kernel

/// Results (by COPY), states and the outbox in one PostgreSQL transaction.
struct PostgresCheckRepository: CheckRepository {
    let pool: PGConnectionPool
    let results: PostgresResultRepository

    func commit(_ batch: CheckBatch) async throws {
        guard !batch.isEmpty else { return }
        let rows = PostgresResultRepository.encode(batch.results)
        let states = batch.states.isEmpty ? nil : PostgresMonitorRepository.stateParameters(batch.states)
        let events = batch.events.isEmpty ? nil : try Self.outboxParameters(batch.events)
        let hasResults = !batch.results.isEmpty
        let hours = CheckTally.hourly(batch.results)
        let deliveries = batch.deliveries
        do {
            try await pool.withRawConnection { connection in
                try connection.transaction {
                    if hasResults {
                        _ = try connection.copyIn(PostgresResultRepository.copyStatement, data: rows)
                        try PostgresDashboardRepository.add(hours, connection)
                    }
                    if let states { try connection.query(PostgresMonitorRepository.saveStatesStatement, states) }
                    if let events { try connection.query(Self.outboxStatement, events) }
                    for delivery in deliveries {
                        try connection.query("""
                            INSERT INTO delivery_cursors (origin, sequence) VALUES ($1, $2)
                            ON CONFLICT (origin) DO UPDATE SET sequence = greatest(delivery_cursors.sequence, excluded.sequence)
                            """, [delivery.origin, String(delivery.sequence)])
                    }
                }
            }
        } catch let error as PGError where hasResults && (error.sqlState.map { $0.hasPrefix("22") || $0.hasPrefix("23") } ?? false) {
            // A result row the server refuses would fail the batch on every retry: the results
            // go in row by row (the refused ones dropped and logged), then the rest together.
            try await results.append(batch.results)
            try await commit(CheckBatch(states: batch.states, events: batch.events, deliveries: batch.deliveries))
        } catch let error as PGError {
            throw StoreError.unavailable(error.description)
        }
    }

    func deliveredSequence(origin: String) async throws -> Int64 {
        try await pool.withConnection { connection in
            try connection.query("SELECT sequence FROM delivery_cursors WHERE origin = $1", [origin]).first?.int64("sequence") ?? 0
        }
    }

    func deliveryCursors() async throws -> [DeliveryCursor] {
        try await pool.withConnection { connection in
            try connection.query("SELECT origin, sequence FROM delivery_cursors ORDER BY origin", []).all
                .map { DeliveryCursor(origin: $0.string("origin"), sequence: $0.int64("sequence")) }
        }
    }

    /// Inserts events given as four arrays: tenants, names, times (epoch seconds), JSON.
    static let outboxStatement = """
        INSERT INTO event_outbox (tenant_id, name, occurred_at, event)
        SELECT u.tenant, u.name, to_timestamp(u.at), u.event
        FROM unnest($1::uuid[], $2::text[], $3::double precision[], $4::text[]) AS u(tenant, name, at, event)
        """

    /// The parameters of `outboxStatement`.
    static func outboxParameters(_ events: [Event]) throws -> [String?] {
        let encoder = JSONEncoder()
        var tenants: [String] = [], names: [String] = [], times: [String] = [], texts: [String] = []
        for event in events {
            tenants.append(event.tenantID.description)
            names.append(event.name)
            times.append(PGValues.epoch(event.occurredAt))
            texts.append(String(decoding: try encoder.encode(event), as: UTF8.self))
        }
        return [PGArray.text(tenants), PGArray.text(names), PGArray.text(times), PGArray.text(texts)]
    }

    func outboxAllTenants(after sequence: Int64, limit: Int) async throws -> [OutboxEntry] {
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT sequence, event FROM event_outbox WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                                 [String(sequence), String(max(limit, 1))]).all
        }
        let decoder = JSONDecoder()
        return rows.compactMap { row in
            guard let sequence = row["sequence"].flatMap({ Int64($0) }), let text = row["event"],
                  let event = try? decoder.decode(Event.self, from: Data(text.utf8)) else { return nil }
            return OutboxEntry(sequence: sequence, event: event)
        }
    }

    func pruneOutboxAllTenants(olderThan cutoff: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM event_outbox WHERE occurred_at < to_timestamp($1)", [PGValues.epoch(cutoff)]).affected
        }
    }
}
