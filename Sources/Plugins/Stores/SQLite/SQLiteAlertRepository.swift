import Foundation
import GRDB
import Kernel

/// Alerting in SQLite: configuration documents with their key columns, the evaluator's cursor
/// (one row, compare-and-set on its revision) and states, and the alert outbox: alerts as
/// documents, and one row per delivery with the columns claims need.
struct SQLiteAlertRepository: AlertRepository {
    let pool: DatabasePool

    func createConfig(_ document: AlertConfigDocument) async throws {
        do {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO alert_config (kind, id, tenant_id, name, document) VALUES (?, ?, ?, ?, ?)",
                               arguments: [document.kind.rawValue, Self.text(document.id), document.tenantID.description, document.name, document.json])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: document.kind.rawValue, detail: "one with id \(Self.text(document.id)) or named \(document.name) exists")
        }
    }

    func config(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> AlertConfigDocument? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert_config WHERE kind = ? AND id = ? AND tenant_id = ?",
                             arguments: [kind.rawValue, Self.text(id), tenant.description]).flatMap(Self.document)
        }
    }

    func listConfig(_ kind: AlertConfigKind, tenant: TenantID, page: PageRequest) async throws -> Page<AlertConfigDocument> {
        try await configPage("kind = ? AND tenant_id = ?", [kind.rawValue, tenant.description], page)
    }

    func updateConfig(_ document: AlertConfigDocument) async throws {
        let changed: Int
        do {
            changed = try await pool.write { db in
                try db.execute(sql: "UPDATE alert_config SET name = ?, document = ? WHERE kind = ? AND id = ? AND tenant_id = ?",
                               arguments: [document.name, document.json, document.kind.rawValue, Self.text(document.id), document.tenantID.description])
                return db.changesCount
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(entity: document.kind.rawValue, detail: "one named \(document.name) exists")
        }
        if changed == 0 { throw StoreError.notFound(entity: document.kind.rawValue, id: Self.text(document.id)) }
    }

    func deleteConfig(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM alert_config WHERE kind = ? AND id = ? AND tenant_id = ?", arguments: [kind.rawValue, Self.text(id), tenant.description])
            return db.changesCount > 0
        }
    }

    func listConfigAllTenants(_ kind: AlertConfigKind, page: PageRequest) async throws -> Page<AlertConfigDocument> {
        try await configPage("kind = ?", [kind.rawValue], page)
    }

    func evaluationCursor() async throws -> AlertCursor {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT sequence, revision FROM alert_cursor WHERE id = 1")
            return AlertCursor(sequence: row?["sequence"] ?? 0, revision: row?["revision"] ?? 0)
        }
    }

    func subjectStates() async throws -> [AlertSubjectState] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM alert_states").compactMap { JSONDocument.decode(AlertSubjectState.self, from: $0) }
        }
    }

    func commitEvaluation(_ commit: AlertEvaluationCommit) async throws -> Bool {
        let states = try commit.states.map { ($0, try JSONDocument.encode($0)) }
        let alerts = try commit.alerts.map { try AlertRows($0) }
        return try await pool.write { db in
            let revision = try Int64.fetchOne(db, sql: "SELECT revision FROM alert_cursor WHERE id = 1") ?? 0
            guard revision == commit.expectedRevision else { return false }
            try db.execute(sql: "INSERT OR REPLACE INTO alert_cursor (id, sequence, revision) VALUES (1, ?, ?)", arguments: [commit.sequence, revision + 1])
            for key in commit.removedStates {
                try db.execute(sql: "DELETE FROM alert_states WHERE rule_id = ? AND monitor_id = ?", arguments: [key.ruleID.description, key.monitorID.description])
            }
            for (state, document) in states {
                try db.execute(sql: "INSERT OR REPLACE INTO alert_states (rule_id, monitor_id, tenant_id, document) VALUES (?, ?, ?, ?)",
                               arguments: [state.ruleID.description, state.monitorID.description, state.tenantID.description, document])
            }
            try Self.insert(alerts, db)
            return true
        }
    }

    func record(_ entries: [AlertHistoryEntry]) async throws {
        let alerts = try entries.map { try AlertRows($0) }
        try await pool.write { db in try Self.insert(alerts, db) }
    }

    func claimDeliveries(owner: String, now: Date, until: Date, limit: Int) async throws -> [ClaimedDelivery] {
        try await pool.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id, d.document AS delivery, a.document AS alert FROM alert_deliveries d JOIN alerts a ON a.seq = d.alert_seq
                WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND (d.owned_until IS NULL OR d.owned_until < ?)
                ORDER BY d.next_attempt_at LIMIT ?
                """, arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, limit])
            var claimed: [ClaimedDelivery] = []
            for row in rows {
                guard let delivery = JSONDocument.decode(AlertDelivery.self, from: row["delivery"]),
                      let alert = JSONDocument.decode(Alert.self, from: row["alert"]) else { continue }
                try db.execute(sql: "UPDATE alert_deliveries SET owner = ?, owned_until = ? WHERE id = ?",
                               arguments: [owner, until.timeIntervalSince1970, row["id"] as String])
                claimed.append(ClaimedDelivery(delivery: delivery, alert: alert))
            }
            return claimed
        }
    }

    func releaseClaims(owner: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE alert_deliveries SET owner = NULL, owned_until = NULL WHERE owner = ?", arguments: [owner])
        }
    }

    func finishAttempt(_ delivery: AlertDelivery, owner: String) async throws -> Bool {
        let document = try JSONDocument.encode(delivery)
        return try await pool.write { db in
            try db.execute(sql: """
                UPDATE alert_deliveries SET state = ?, next_attempt_at = ?, owner = NULL, owned_until = NULL, document = ?
                WHERE id = ? AND owner = ?
                """, arguments: [delivery.state.rawValue, delivery.nextAttemptAt?.timeIntervalSince1970, document, Self.text(delivery.id), owner])
            return db.changesCount > 0
        }
    }

    func history(tenant: TenantID, monitor: MonitorID?, page: PageRequest) async throws -> Page<AlertHistoryEntry> {
        let before = page.cursor.flatMap(Int64.init) ?? .max
        return try await pool.read { db in
            let condition = monitor == nil ? "" : "AND monitor_id = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [tenant.description, before]
            if let monitor { arguments.append(monitor.description) }
            arguments.append(page.limit + 1)
            let rows = try Row.fetchAll(db, sql: "SELECT seq, suppressed, document FROM alerts WHERE tenant_id = ? AND seq < ? \(condition) ORDER BY seq DESC LIMIT ?",
                                        arguments: StatementArguments(arguments))
            var entries: [(Int64, AlertHistoryEntry)] = []
            for row in rows {
                guard let alert = JSONDocument.decode(Alert.self, from: row["document"]) else { continue }
                let seq: Int64 = row["seq"]
                let deliveries = try String.fetchAll(db, sql: "SELECT document FROM alert_deliveries WHERE alert_seq = ? ORDER BY rowid", arguments: [seq])
                    .compactMap { JSONDocument.decode(AlertDelivery.self, from: $0) }
                entries.append((seq, AlertHistoryEntry(alert: alert, suppressed: row["suppressed"], deliveries: deliveries)))
            }
            return Page(sequenced: entries, limit: page.limit)
        }
    }

    func pendingDeliveries() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_deliveries WHERE state = 'pending'") ?? 0 }
    }

    func pruneHistory(olderThan cutoff: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: """
                DELETE FROM alerts WHERE occurred_at < ?
                AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_seq = alerts.seq AND d.state = 'pending')
                """, arguments: [cutoff.timeIntervalSince1970])
            return db.changesCount
        }
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in
            for table in ["alert_deliveries", "alerts", "alert_states", "alert_cursor", "alert_config"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
    }

    private static func insert(_ alerts: [AlertRows], _ db: Database) throws {
        for rows in alerts {
            try db.execute(sql: "INSERT INTO alerts (id, tenant_id, monitor_id, occurred_at, suppressed, document) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [rows.id, rows.tenant, rows.monitor, rows.occurredAt, rows.suppressed, rows.document])
            let seq = db.lastInsertedRowID
            for delivery in rows.deliveries {
                try db.execute(sql: "INSERT INTO alert_deliveries (id, alert_seq, state, next_attempt_at, document) VALUES (?, ?, ?, ?, ?)",
                               arguments: [delivery.id, seq, delivery.state, delivery.nextAttemptAt, delivery.document])
            }
        }
    }

    private func configPage(_ condition: String, _ arguments: [String], _ page: PageRequest) async throws -> Page<AlertConfigDocument> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        let rows: [(Int64, AlertConfigDocument)] = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert_config WHERE \(condition) AND seq > ? ORDER BY seq LIMIT ?",
                             arguments: StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? } + [after, page.limit + 1]))
                .compactMap { row in Self.document(row).map { (row["seq"], $0) } }
        }
        return Page(sequenced: rows, limit: page.limit)
    }

    private static func document(_ row: Row) -> AlertConfigDocument? {
        guard let kind = AlertConfigKind(rawValue: row["kind"]), let id = UUID(uuidString: row["id"]),
              let tenant = TenantID(row["tenant_id"] as String) else { return nil }
        return AlertConfigDocument(kind: kind, id: id, tenantID: tenant, name: row["name"], json: row["document"])
    }

    static func text(_ id: UUID) -> String { id.uuidString.lowercased() }
}
