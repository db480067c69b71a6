import Foundation
import Kernel

/// Monitor leases in PostgreSQL, on the database's clock. Claims lock candidate monitors with
/// `FOR UPDATE SKIP LOCKED`, so servers claiming at the same moment take disjoint sets, and the
/// upsert only takes over a lease that has expired.
struct PostgresLeaseRepository: LeaseRepository {
    let pool: PGConnectionPool

    func renew(server: String, ttl: Double) async throws -> LeaseStatus {
        try await pool.withConnection { connection in
            try connection.transaction {
                try connection.query("""
                    INSERT INTO servers (id, heartbeat_at) VALUES ($1, now())
                    ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
                    """, [server])
                try connection.query("""
                    DELETE FROM monitor_leases l USING monitors m WHERE l.owner = $1 AND l.monitor_id = m.id AND m.paused
                    """, [server])
                let held = try connection.query("""
                    UPDATE monitor_leases SET expires_at = now() + make_interval(secs => $2) WHERE owner = $1 RETURNING monitor_id
                    """, [server, String(ttl)]).all.compactMap { MonitorID($0.string("monitor_id")) }
                let counts = try connection.query("""
                    SELECT (SELECT count(*) FROM servers WHERE heartbeat_at > now() - make_interval(secs => $1)) AS servers,
                           (SELECT count(*) FROM monitors WHERE NOT paused) AS monitors
                    """, [String(ttl)]).first
                try connection.query("DELETE FROM servers WHERE heartbeat_at < now() - interval '1 day'")
                return LeaseStatus(held: Set(held), liveServers: counts?.int("servers") ?? 1, monitors: counts?.int("monitors") ?? 0)
            }
        }
    }

    func claim(server: String, ttl: Double, limit: Int) async throws -> Set<MonitorID> {
        guard limit > 0 else { return [] }
        return try await pool.withConnection { connection in
            Set(try connection.query("""
                WITH candidates AS (
                    SELECT m.id FROM monitors m LEFT JOIN monitor_leases l ON l.monitor_id = m.id
                    WHERE NOT m.paused AND (l.monitor_id IS NULL OR l.expires_at < now())
                    ORDER BY m.seq LIMIT $3
                    FOR UPDATE OF m SKIP LOCKED)
                INSERT INTO monitor_leases (monitor_id, owner, expires_at)
                SELECT id, $1, now() + make_interval(secs => $2) FROM candidates
                ON CONFLICT (monitor_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE monitor_leases.expires_at < now()
                RETURNING monitor_id
                """, [server, String(ttl), String(limit)]).all.compactMap { MonitorID($0.string("monitor_id")) })
        }
    }

    func release(server: String, monitors: [MonitorID]?) async throws {
        let list = monitors.map { PGArray.text($0.map(\.description)) }
        try await pool.withConnection { connection in
            try connection.query("DELETE FROM monitor_leases WHERE owner = $1 AND ($2::uuid[] IS NULL OR monitor_id = ANY($2::uuid[]))",
                                 [server, list])
        }
    }
}
