import Foundation
import GRDB
import Kernel

/// Push tokens (hashes) and each push monitor's latest beat in SQLite.
struct SQLitePushRepository: PushRepository {
    let pool: DatabasePool

    func issue(_ token: StoredPushToken) async throws {
        try await pool.write { db in
            let owner = token.owner
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM monitors WHERE id = ? AND tenant_id = ?",
                                    arguments: [owner.monitorID.description, owner.tenantID.description]) == true else {
                throw StoreError.notFound(entity: "monitor", id: owner.monitorID.description)
            }
            try db.execute(sql: "INSERT OR REPLACE INTO push_tokens (monitor_id, tenant_id, token_hash, issued_at) VALUES (?, ?, ?, ?)",
                           arguments: [owner.monitorID.description, owner.tenantID.description, token.hash, token.issuedAt.timeIntervalSince1970])
        }
    }

    func owner(ofTokenHash hash: String) async throws -> PushTokenOwner? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT monitor_id, tenant_id FROM push_tokens WHERE token_hash = ?", arguments: [hash]).flatMap(Self.owner)
        }
    }

    func token(monitor: MonitorID, tenant: TenantID) async throws -> StoredPushToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM push_tokens WHERE monitor_id = ? AND tenant_id = ?",
                             arguments: [monitor.description, tenant.description]).flatMap(Self.token)
        }
    }

    func record(_ beat: PushBeat) async throws {
        try await pool.write { db in
            // A beat for a monitor deleted meanwhile is dropped by the foreign key.
            do {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO push_beats (monitor_id, tenant_id, received_at, status, message, latency_ms) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [beat.monitorID.description, beat.tenantID.description, beat.receivedAt.timeIntervalSince1970,
                                     beat.status.rawValue, beat.message, beat.latencyMs])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StoreError.notFound(entity: "monitor", id: beat.monitorID.description)
            }
        }
    }

    func latestBeat(monitor: MonitorID) async throws -> PushBeat? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM push_beats WHERE monitor_id = ?", arguments: [monitor.description]),
                  let tenant = TenantID(row["tenant_id"] as String), let status = ProbeStatus(rawValue: row["status"]) else { return nil }
            return PushBeat(tenantID: tenant, monitorID: monitor, receivedAt: Date(timeIntervalSince1970: row["received_at"]), status: status,
                            message: row["message"], latencyMs: row["latency_ms"])
        }
    }

    func listAllTokens() async throws -> [StoredPushToken] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM push_tokens ORDER BY issued_at").compactMap(Self.token) }
    }

    func eraseAllTenants() async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM push_beats; DELETE FROM push_tokens") }
    }

    private static func owner(_ row: Row) -> PushTokenOwner? {
        guard let monitor = MonitorID(row["monitor_id"] as String), let tenant = TenantID(row["tenant_id"] as String) else { return nil }
        return PushTokenOwner(tenantID: tenant, monitorID: monitor)
    }

    private static func token(_ row: Row) -> StoredPushToken? {
        owner(row).map { StoredPushToken(owner: $0, hash: row["token_hash"], issuedAt: Date(timeIntervalSince1970: row["issued_at"])) }
    }
}
