import Foundation
import Kernel

/// Push tokens (hashes) and each push monitor's latest beat in PostgreSQL.
struct PostgresPushRepository: PushRepository {
    let pool: PGConnectionPool

    func issue(_ token: StoredPushToken) async throws {
        try await pool.withConnection { connection in
            let owner = token.owner
            guard try connection.query("SELECT 1 FROM monitors WHERE id = $1 AND tenant_id = $2",
                                       [owner.monitorID.description, owner.tenantID.description]).first != nil else {
                throw StoreError.notFound(entity: "monitor", id: owner.monitorID.description)
            }
            try connection.query("""
                INSERT INTO push_tokens (monitor_id, tenant_id, token_hash, issued_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (monitor_id) DO UPDATE SET token_hash = excluded.token_hash, issued_at = excluded.issued_at
                """, [owner.monitorID.description, owner.tenantID.description, token.hash, PGValues.epoch(token.issuedAt)])
        }
    }

    func owner(ofTokenHash hash: String) async throws -> PushTokenOwner? {
        try await pool.withConnection { connection in
            try connection.query("SELECT monitor_id, tenant_id FROM push_tokens WHERE token_hash = $1", [PGValues.text(hash)]).first.flatMap(Self.owner)
        }
    }

    func token(monitor: MonitorID, tenant: TenantID) async throws -> StoredPushToken? {
        try await pool.withConnection { connection in
            try connection.query("SELECT * FROM push_tokens WHERE monitor_id = $1 AND tenant_id = $2",
                                 [monitor.description, tenant.description]).first.flatMap(Self.token)
        }
    }

    func record(_ beat: PushBeat) async throws {
        do {
            try await pool.withRawConnection { connection in
                try connection.query("""
                    INSERT INTO push_beats (monitor_id, tenant_id, received_at, status, message, latency_ms) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (monitor_id) DO UPDATE SET received_at = excluded.received_at, status = excluded.status,
                        message = excluded.message, latency_ms = excluded.latency_ms
                    """, [beat.monitorID.description, beat.tenantID.description, PGValues.epoch(beat.receivedAt), beat.status.rawValue,
                          beat.message.map(PGValues.text), beat.latencyMs.map { String($0) }])
            }
        } catch let error as PGError where error.isConstraintViolation {
            // The monitor was deleted meanwhile.
            throw StoreError.notFound(entity: "monitor", id: beat.monitorID.description)
        } catch let error as PGError {
            throw StoreError.unavailable(error.description)
        }
    }

    func latestBeat(monitor: MonitorID) async throws -> PushBeat? {
        let row = try await pool.withConnection { connection in
            try connection.query("SELECT * FROM push_beats WHERE monitor_id = $1", [monitor.description]).first
        }
        guard let row, let tenant = TenantID(row.string("tenant_id")), let status = ProbeStatus(rawValue: row.string("status")) else { return nil }
        return PushBeat(tenantID: tenant, monitorID: monitor, receivedAt: row.date("received_at") ?? .distantPast, status: status,
                        message: row["message"], latencyMs: row.double("latency_ms"))
    }

    func listAllTokens() async throws -> [StoredPushToken] {
        try await pool.withConnection { connection in
            try connection.query("SELECT * FROM push_tokens ORDER BY issued_at").all.compactMap(Self.token)
        }
    }

    func eraseAllTenants() async throws {
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM push_beats")
            try connection.query("DELETE FROM push_tokens")
        }
    }

    private static func owner(_ row: PGRow) -> PushTokenOwner? {
        guard let monitor = MonitorID(row.string("monitor_id")), let tenant = TenantID(row.string("tenant_id")) else { return nil }
        return PushTokenOwner(tenantID: tenant, monitorID: monitor)
    }

    private static func token(_ row: PGRow) -> StoredPushToken? {
        owner(row).map { StoredPushToken(owner: $0, hash: row.string("token_hash"), issuedAt: row.date("issued_at") ?? .distantPast) }
    }
}
