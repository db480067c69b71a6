import Foundation
import Kernel

/// Alerting in PostgreSQL: as in SQLite (`SQLiteAlertRepository`), with the cursor row locked
/// for the evaluation's transaction and deliveries claimed with `FOR UPDATE SKIP LOCKED`, so
/// servers sharing the database neither evaluate an event twice nor send a delivery twice.
struct PostgresAlertRepository: AlertRepository {
    let pool: PGConnectionPool

    func createConfig(_ document: AlertConfigDocument) async throws {
        do {
            try await pool.withConnection { connection in
                try connection.query("INSERT INTO alert_config (kind, id, tenant_id, name, document) VALUES ($1, $2, $3, $4, $5)",
                                     [document.kind.rawValue, Self.text(document.id), document.tenantID.description, PGValues.text(document.name),
                                      PGValues.text(document.json)])
            }
        } catch {
            throw error.asStoreError(entity: document.kind.rawValue, conflict: "one with id \(Self.text(document.id)) or named \(document.name) exists")
        }
    }

    func config(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> AlertConfigDocument? {
        try await pool.withConnection { connection in
            try connection.query("SELECT * FROM alert_config WHERE kind = $1 AND id = $2 AND tenant_id = $3", [kind.rawValue, Self.text(id), tenant.description]).first
        }.flatMap(Self.document)
    }

    func listConfig(_ kind: AlertConfigKind, tenant: TenantID, page: PageRequest) async throws -> Page<AlertConfigDocument> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await configPage("SELECT * FROM alert_config WHERE kind = $1 AND tenant_id = $2 AND seq > $3 ORDER BY seq LIMIT $4",
                                    [kind.rawValue, tenant.description, String(after), String(page.limit + 1)], page.limit)
    }

    func updateConfig(_ document: AlertConfigDocument) async throws {
        let changed: Int
        do {
            changed = try await pool.withConnection { connection in
                try connection.query("UPDATE alert_config SET name = $1, document = $2 WHERE kind = $3 AND id = $4 AND tenant_id = $5",
                                     [PGValues.text(document.name), PGValues.text(document.json), document.kind.rawValue, Self.text(document.id),
                                      document.tenantID.description]).affected
            }
        } catch {
            throw error.asStoreError(entity: document.kind.rawValue, conflict: "one named \(document.name) exists")
        }
        if changed == 0 { throw StoreError.notFound(entity: document.kind.rawValue, id: Self.text(document.id)) }
    }

    func deleteConfig(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> Bool {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM alert_config WHERE kind = $1 AND id = $2 AND tenant_id = $3", [kind.rawValue, Self.text(id), tenant.description]).affected > 0
        }
    }

    func listConfigAllTenants(_ kind: AlertConfigKind, page: PageRequest) async throws -> Page<AlertConfigDocument> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return try await configPage("SELECT * FROM alert_config WHERE kind = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                                    [kind.rawValue, String(after), String(page.limit + 1)], page.limit)
    }

    func evaluationCursor() async throws -> AlertCursor {
        try await pool.withConnection { connection in
            let row = try connection.query("SELECT sequence, revision FROM alert_cursor WHERE id = 1").first
            return AlertCursor(sequence: row?.int64("sequence") ?? 0, revision: row?.int64("revision") ?? 0)
        }
    }

    func subjectStates() async throws -> [AlertSubjectState] {
        try await pool.withConnection { connection in
            try connection.query("SELECT document FROM alert_states").all.compactMap { JSONDocument.decode(AlertSubjectState.self, from: $0["document"]) }
        }
    }

    func commitEvaluation(_ commit: AlertEvaluationCommit) async throws -> Bool {
        let states = try commit.states.map { ($0, try JSONDocument.encode($0)) }
        let alerts = try commit.alerts.map { try AlertRows($0) }
        return try await pool.withConnection { connection in
            try connection.transaction {
                // The cursor row is the lock: a second server evaluating at once waits here,
                // then finds the revision moved and commits nothing.
                try connection.query("INSERT INTO alert_cursor (id, sequence, revision) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING")
                let revision = try connection.query("SELECT revision FROM alert_cursor WHERE id = 1 FOR UPDATE").first?.int64("revision") ?? 0
                guard revision == commit.expectedRevision else { return false }
                try connection.query("UPDATE alert_cursor SET sequence = $1, revision = $2 WHERE id = 1", [String(commit.sequence), String(revision + 1)])
                for key in commit.removedStates {
                    try connection.query("DELETE FROM alert_states WHERE rule_id = $1 AND monitor_id = $2", [key.ruleID.description, key.monitorID.description])
                }
                for (state, document) in states {
                    try connection.query("""
                        INSERT INTO alert_states (rule_id, monitor_id, tenant_id, document) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (rule_id, monitor_id) DO UPDATE SET document = excluded.document
                        """, [state.ruleID.description, state.monitorID.description, state.tenantID.description, PGValues.text(document)])
                }
                try Self.insert(alerts, connection)
                return true
            }
        }
    }

    func record(_ entries: [AlertHistoryEntry]) async throws {
        let alerts = try entries.map { try AlertRows($0) }
        try await pool.withConnection { connection in try connection.transaction { try Self.insert(alerts, connection) } }
    }

    func claimDeliveries(owner: String, now: Date, until: Date, limit: Int) async throws -> [ClaimedDelivery] {
        try await pool.withConnection { connection in
            let rows = try connection.query("""
                WITH due AS (
                    SELECT id FROM alert_deliveries
                    WHERE state = 'pending' AND next_attempt_at <= $1 AND (owned_until IS NULL OR owned_until < $1)
                    ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE alert_deliveries d SET owner = $3, owned_until = $4 FROM due, alerts a
                WHERE d.id = due.id AND a.seq = d.alert_seq
                RETURNING d.next_attempt_at, d.document AS delivery, a.document AS alert
                """, [String(now.timeIntervalSince1970), String(limit), PGValues.text(owner), String(until.timeIntervalSince1970)]).all
            return rows.sorted { ($0.double("next_attempt_at") ?? 0) < ($1.double("next_attempt_at") ?? 0) }.compactMap { row in
                guard let delivery = JSONDocument.decode(AlertDelivery.self, from: row["delivery"]),
                      let alert = JSONDocument.decode(Alert.self, from: row["alert"]) else { return nil }
                return ClaimedDelivery(delivery: delivery, alert: alert)
            }
        }
    }

    func releaseClaims(owner: String) async throws {
        try await pool.withConnection { connection in
            _ = try connection.query("UPDATE alert_deliveries SET owner = NULL, owned_until = NULL WHERE owner = $1", [PGValues.text(owner)])
        }
    }

    func finishAttempt(_ delivery: AlertDelivery, owner: String) async throws -> Bool {
        let document = try JSONDocument.encode(delivery)
        return try await pool.withConnection { connection in
            try connection.query("""
                UPDATE alert_deliveries SET state = $1, next_attempt_at = $2, owner = NULL, owned_until = NULL, document = $3
                WHERE id = $4 AND owner = $5
                """, [delivery.state.rawValue, delivery.nextAttemptAt.map { String($0.timeIntervalSince1970) }, PGValues.text(document),
                      Self.text(delivery.id), PGValues.text(owner)]).affected > 0
        }
    }

    func history(tenant: TenantID, monitor: MonitorID?, page: PageRequest) async throws -> Page<AlertHistoryEntry> {
        let before = page.cursor.flatMap(Int64.init) ?? .max
        let rows = try await pool.withConnection { connection in
            let alerts = try connection.query("""
                SELECT seq, suppressed, document FROM alerts WHERE tenant_id = $1 AND seq < $2 AND ($3::uuid IS NULL OR monitor_id = $3::uuid)
                ORDER BY seq DESC LIMIT $4
                """, [tenant.description, String(before), monitor?.description, String(page.limit + 1)]).all
            let seqs = alerts.map { $0.string("seq") }
            let deliveries = seqs.isEmpty ? [] : try connection.query(
                "SELECT alert_seq, document FROM alert_deliveries WHERE alert_seq = ANY($1::bigint[]) ORDER BY ctid", ["{" + seqs.joined(separator: ",") + "}"]).all
            return (alerts, deliveries)
        }
        var bySeq: [Int64: [AlertDelivery]] = [:]
        for row in rows.1 {
            if let delivery = JSONDocument.decode(AlertDelivery.self, from: row["document"]) { bySeq[row.int64("alert_seq"), default: []].append(delivery) }
        }
        let entries: [(Int64, AlertHistoryEntry)] = rows.0.compactMap { row in
            guard let alert = JSONDocument.decode(Alert.self, from: row["document"]) else { return nil }
            let seq = row.int64("seq")
            return (seq, AlertHistoryEntry(alert: alert, suppressed: row["suppressed"], deliveries: (bySeq[seq] ?? []).sorted { $0.createdAt < $1.createdAt }))
        }
        return Page(sequenced: entries, limit: page.limit)
    }

    func pendingDeliveries() async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("SELECT count(*) AS n FROM alert_deliveries WHERE state = 'pending'").first?.int("n") ?? 0
        }
    }

    func pruneHistory(olderThan cutoff: Date) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query("""
                DELETE FROM alerts WHERE occurred_at < $1
                AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_seq = alerts.seq AND d.state = 'pending')
                """, [String(cutoff.timeIntervalSince1970)]).affected
        }
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in
            _ = try connection.execute("TRUNCATE alert_deliveries, alerts, alert_states, alert_cursor, alert_config")
        }
    }

    private static func insert(_ alerts: [AlertRows], _ connection: PGConnection) throws {
        for rows in alerts {
            let seq = try connection.query("""
                INSERT INTO alerts (id, tenant_id, monitor_id, occurred_at, suppressed, document) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq
                """, [rows.id, rows.tenant, rows.monitor, String(rows.occurredAt), rows.suppressed.map(PGValues.text), PGValues.text(rows.document)])
                .first?.string("seq")
            for delivery in rows.deliveries {
                try connection.query("INSERT INTO alert_deliveries (id, alert_seq, state, next_attempt_at, document) VALUES ($1, $2, $3, $4, $5)",
                                     [delivery.id, seq, delivery.state, delivery.nextAttemptAt.map { String($0) }, PGValues.text(delivery.document)])
            }
        }
    }

    private func configPage(_ sql: String, _ parameters: [String?], _ limit: Int) async throws -> Page<AlertConfigDocument> {
        let rows = try await pool.withConnection { connection in try connection.query(sql, parameters).all }
        return Page(sequenced: rows.compactMap { row in Self.document(row).map { (row.int64("seq"), $0) } }, limit: limit)
    }

    private static func document(_ row: PGRow) -> AlertConfigDocument? {
        guard let kind = AlertConfigKind(rawValue: row.string("kind")), let id = UUID(uuidString: row.string("id")),
              let tenant = TenantID(row.string("tenant_id")) else { return nil }
        return AlertConfigDocument(kind: kind, id: id, tenantID: tenant, name: row.string("name"), json: row.string("document"))
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
