import GRDB
import Kernel

/// The schema and its migrations. A database migrated by a newer build (a migration this
/// build does not know) is refused with `StoreError.incompatibleSchema`.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE tenants (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at REAL NOT NULL);
                CREATE TABLE monitors (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    name TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,
                    interval REAL NOT NULL, timeout REAL NOT NULL, config TEXT NOT NULL,
                    paused INTEGER NOT NULL, failure_threshold INTEGER NOT NULL,
                    recovery_threshold INTEGER NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL);
                CREATE INDEX monitors_by_tenant ON monitors(tenant_id, seq);
                CREATE TABLE monitor_states (
                    monitor_id TEXT PRIMARY KEY REFERENCES monitors(id) ON DELETE CASCADE,
                    tenant_id TEXT NOT NULL, state TEXT NOT NULL);
                CREATE TABLE results (
                    id INTEGER PRIMARY KEY,
                    tenant_id TEXT NOT NULL, monitor_id TEXT, kind TEXT NOT NULL, target TEXT NOT NULL,
                    started_at REAL NOT NULL, duration REAL NOT NULL, status INTEGER NOT NULL,
                    latency REAL, failure_code TEXT, failure_message TEXT, metrics TEXT, details TEXT);
                CREATE INDEX results_by_monitor ON results(tenant_id, monitor_id, started_at);
                CREATE INDEX results_by_time ON results(started_at);
                """)
        }
        migrator.registerMigration("v2-identity") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL, is_admin INTEGER NOT NULL, created_at REAL NOT NULL);
                CREATE TABLE memberships (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    role TEXT NOT NULL, UNIQUE (tenant_id, user_id));
                CREATE INDEX memberships_by_user ON memberships(user_id, seq);
                CREATE TABLE api_keys (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    name TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL, scopes TEXT NOT NULL,
                    created_by TEXT, created_at REAL NOT NULL, expires_at REAL, last_used_at REAL, revoked_at REAL);
                CREATE INDEX api_keys_by_tenant ON api_keys(tenant_id, seq);
                """)
        }
        migrator.registerMigration("v3-tenant-egress") { db in
            try db.execute(sql: "ALTER TABLE tenants ADD COLUMN egress TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v4-event-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE event_outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, name TEXT NOT NULL,
                    occurred_at REAL NOT NULL, event TEXT NOT NULL);
                CREATE INDEX event_outbox_by_time ON event_outbox(occurred_at);
                """)
        }
        migrator.registerMigration("v5-results-by-monitor") { db in
            // Monitor ids are unique across tenants, so the per-monitor index needs no tenant
            // column: entries half the size, half the pages each result write dirties. Ad-hoc
            // results (no monitor) get a partial index of their own.
            try db.execute(sql: """
                DROP INDEX results_by_monitor;
                CREATE INDEX results_by_monitor ON results(monitor_id, started_at) WHERE monitor_id IS NOT NULL;
                CREATE INDEX results_ad_hoc_by_tenant ON results(tenant_id, started_at) WHERE monitor_id IS NULL;
                """)
        }
        migrator.registerMigration("v6-hosts") { db in
            try db.execute(sql: """
                CREATE TABLE hosts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    name TEXT NOT NULL, host_key TEXT, document TEXT NOT NULL,
                    UNIQUE (tenant_id, name));
                """)
        }
        migrator.registerMigration("v7-traces") { db in
            try db.execute(sql: """
                CREATE TABLE traces (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    target TEXT NOT NULL, origin_hosts TEXT NOT NULL, created_at REAL NOT NULL, document TEXT NOT NULL);
                CREATE INDEX traces_by_tenant ON traces (tenant_id, seq);
                CREATE INDEX traces_by_time ON traces (created_at);
                """)
        }
        migrator.registerMigration("v8-samples") { db in
            try db.execute(sql: """
                CREATE TABLE samples (
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, source TEXT NOT NULL,
                    name TEXT NOT NULL, labels TEXT NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL);
                CREATE INDEX samples_by_series ON samples (tenant_id, source, name, time);
                CREATE INDEX samples_by_time ON samples (time);
                CREATE TABLE sample_rollups (
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, source TEXT NOT NULL,
                    name TEXT NOT NULL, labels TEXT NOT NULL, resolution INTEGER NOT NULL, time INTEGER NOT NULL,
                    sample_count INTEGER NOT NULL, min_value REAL NOT NULL, max_value REAL NOT NULL, sum_value REAL NOT NULL,
                    PRIMARY KEY (tenant_id, source, name, labels, resolution, time)) WITHOUT ROWID;
                CREATE INDEX sample_rollups_by_time ON sample_rollups (resolution, time);
                """)
        }
        migrator.registerMigration("v9-sample-series") { db in
            // Each series' text once, its points and buckets keyed by series and time: a raw
            // sample shrinks from about 268 bytes to about 35. The rows of v8 are carried over.
            try db.execute(sql: """
                CREATE TABLE sample_series (
                    id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    source TEXT NOT NULL, name TEXT NOT NULL, labels TEXT NOT NULL, UNIQUE (tenant_id, source, name, labels));
                CREATE TABLE sample_points (
                    series_id INTEGER NOT NULL REFERENCES sample_series(id) ON DELETE CASCADE, time INTEGER NOT NULL, value REAL NOT NULL,
                    PRIMARY KEY (series_id, time)) WITHOUT ROWID;
                CREATE TABLE sample_buckets (
                    series_id INTEGER NOT NULL REFERENCES sample_series(id) ON DELETE CASCADE, resolution INTEGER NOT NULL,
                    time INTEGER NOT NULL, sample_count INTEGER NOT NULL, min_value REAL NOT NULL, max_value REAL NOT NULL,
                    sum_value REAL NOT NULL, PRIMARY KEY (series_id, resolution, time)) WITHOUT ROWID;
                INSERT INTO sample_series (tenant_id, source, name, labels)
                    SELECT tenant_id, source, name, labels FROM samples UNION SELECT tenant_id, source, name, labels FROM sample_rollups;
                INSERT OR REPLACE INTO sample_points (series_id, time, value)
                    SELECT s.id, p.time, p.value FROM samples p JOIN sample_series s
                    ON s.tenant_id = p.tenant_id AND s.source = p.source AND s.name = p.name AND s.labels = p.labels;
                INSERT INTO sample_buckets (series_id, resolution, time, sample_count, min_value, max_value, sum_value)
                    SELECT s.id, r.resolution, r.time, r.sample_count, r.min_value, r.max_value, r.sum_value FROM sample_rollups r JOIN sample_series s
                    ON s.tenant_id = r.tenant_id AND s.source = r.source AND s.name = r.name AND s.labels = r.labels;
                DROP TABLE samples;
                DROP TABLE sample_rollups;
                """)
        }
        migrator.registerMigration("v10-alerts") { db in
            // Alerting: configuration documents (channels, rules, maintenance windows), the
            // evaluator's cursor and per-rule states, and the alert outbox with its deliveries.
            try db.execute(sql: """
                CREATE TABLE alert_config (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, id TEXT NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, name TEXT NOT NULL, document TEXT NOT NULL,
                    UNIQUE (kind, id), UNIQUE (kind, tenant_id, name));
                CREATE TABLE alert_cursor (
                    id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL, revision INTEGER NOT NULL);
                CREATE TABLE alert_states (
                    rule_id TEXT NOT NULL, monitor_id TEXT NOT NULL,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, document TEXT NOT NULL,
                    PRIMARY KEY (rule_id, monitor_id));
                CREATE TABLE alerts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, monitor_id TEXT,
                    occurred_at REAL NOT NULL, suppressed TEXT, document TEXT NOT NULL);
                CREATE INDEX alerts_by_tenant ON alerts (tenant_id, seq);
                CREATE INDEX alerts_by_time ON alerts (occurred_at);
                CREATE TABLE alert_deliveries (
                    id TEXT PRIMARY KEY, alert_seq INTEGER NOT NULL REFERENCES alerts(seq) ON DELETE CASCADE,
                    state TEXT NOT NULL, next_attempt_at REAL, owner TEXT, owned_until REAL, document TEXT NOT NULL);
                CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_seq);
                CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
                """)
        }
        migrator.registerMigration("v11-result-maintenance") { db in
            // Whether a maintenance window covered the monitor when the result was taken.
            try db.execute(sql: "ALTER TABLE results ADD COLUMN maintenance INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v12-monitor-tags") { db in
            // A monitor's tags as a JSON array of strings.
            try db.execute(sql: "ALTER TABLE monitors ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'")
        }
        migrator.registerMigration("v13-agents") { db in
            // The record as a JSON document; the heartbeat's fields in columns of their own,
            // so a heartbeat never rewrites (or races) the record.
            try db.execute(sql: """
                CREATE TABLE agents (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                    tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE, status TEXT NOT NULL,
                    revision INTEGER NOT NULL, last_seen REAL, spool_depth INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL)
                """)
        }
        migrator.registerMigration("v14-locations") { db in
            // Where a monitor runs; where a result was taken (NULL: a server); and how far each
            // origin's numbered deliveries (an agent's results) are stored, written in the
            // transaction that stores them, so a replay is never stored twice.
            try db.execute(sql: """
                ALTER TABLE monitors ADD COLUMN locations TEXT NOT NULL DEFAULT '["server"]';
                ALTER TABLE monitors ADD COLUMN location_quorum INTEGER;
                CREATE TABLE location_states (
                    monitor_id TEXT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE, location TEXT NOT NULL,
                    tenant_id TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (monitor_id, location));
                ALTER TABLE results ADD COLUMN location TEXT;
                CREATE TABLE delivery_cursors (origin TEXT PRIMARY KEY, sequence INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v15-ingest") { db in
            // Connections producers push: the record as a JSON document, and the columns its
            // filters and aggregates read. Idempotency keys live a day, committed with their batch.
            try db.execute(sql: """
                CREATE TABLE connections (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    started_at REAL NOT NULL, src_address TEXT NOT NULL, dst_address TEXT NOT NULL, transport TEXT NOT NULL,
                    dst_country TEXT, dst_country_name TEXT, dst_asn INTEGER, dst_org TEXT,
                    bytes_sent INTEGER NOT NULL, bytes_received INTEGER NOT NULL, document TEXT NOT NULL);
                CREATE INDEX connections_by_tenant ON connections (tenant_id, seq);
                CREATE INDEX connections_by_start ON connections (started_at);
                CREATE INDEX connections_by_destination ON connections (tenant_id, dst_address);
                CREATE INDEX connections_by_source ON connections (tenant_id, src_address);
                CREATE TABLE ingest_keys (
                    tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE, endpoint TEXT NOT NULL, key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL, accepted INTEGER NOT NULL, committed_at REAL NOT NULL,
                    PRIMARY KEY (tenant_id, endpoint, key));
                CREATE INDEX ingest_keys_by_time ON ingest_keys (committed_at);
                """)
        }
        migrator.registerMigration("v16-push-logs") { db in
            // Push monitors' tokens (only their hashes) and latest beats, gone with their
            // monitor; log lines with an FTS5 index of their messages, kept in step by triggers.
            try db.execute(sql: """
                CREATE TABLE push_tokens (
                    monitor_id TEXT PRIMARY KEY REFERENCES monitors(id) ON DELETE CASCADE, tenant_id TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE, issued_at REAL NOT NULL);
                CREATE TABLE push_beats (
                    monitor_id TEXT PRIMARY KEY REFERENCES monitors(id) ON DELETE CASCADE, tenant_id TEXT NOT NULL,
                    received_at REAL NOT NULL, status TEXT NOT NULL, message TEXT, latency_ms REAL);
                CREATE TABLE logs (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    time REAL NOT NULL, received_at REAL NOT NULL, level TEXT NOT NULL, source TEXT, monitor_id TEXT,
                    message TEXT NOT NULL, fields TEXT NOT NULL);
                CREATE INDEX logs_by_tenant ON logs (tenant_id, seq);
                CREATE INDEX logs_by_time ON logs (time);
                CREATE INDEX logs_by_received ON logs (tenant_id, received_at);
                CREATE VIRTUAL TABLE logs_fts USING fts5(message, content = 'logs', content_rowid = 'seq', tokenize = 'unicode61');
                CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
                    INSERT INTO logs_fts (rowid, message) VALUES (new.seq, new.message);
                END;
                CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
                    INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', old.seq, old.message);
                END;
                """)
        }
        migrator.registerMigration("v17-dashboard") { db in
            // Monitor checks per tenant and hour, added to in the transaction that stores
            // them, so the dashboard reads 25 rows for a day at any number of monitors; filled
            // from the last 7 days of results. The outbox by tenant, for the timeline.
            try db.execute(sql: """
                CREATE TABLE result_hours (
                    tenant_id TEXT NOT NULL, hour INTEGER NOT NULL, up INTEGER NOT NULL, degraded INTEGER NOT NULL,
                    down INTEGER NOT NULL, maintenance INTEGER NOT NULL, latency_sum REAL NOT NULL, latency_count INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, hour)) WITHOUT ROWID;
                INSERT INTO result_hours
                    SELECT tenant_id, CAST(started_at / 3600 AS INTEGER),
                           SUM(maintenance = 0 AND status = 0), SUM(maintenance = 0 AND status = 1), SUM(maintenance = 0 AND status = 2),
                           SUM(maintenance != 0), COALESCE(SUM(latency), 0), COUNT(latency)
                    FROM results WHERE monitor_id IS NOT NULL AND started_at >= CAST(strftime('%s', 'now') AS INTEGER) - 7 * 86400 GROUP BY 1, 2;
                CREATE INDEX event_outbox_by_tenant ON event_outbox (tenant_id, sequence);
                """)
        }
        migrator.registerMigration("v18-status-pages") { db in
            // Public status pages, each a JSON document; the slug is unique across tenants
            // (the public address names no tenant).
            try db.execute(sql: """
                CREATE TABLE status_pages (
                    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
                    slug TEXT NOT NULL UNIQUE, document TEXT NOT NULL);
                CREATE INDEX status_pages_by_tenant ON status_pages(tenant_id, slug);
                """)
        }
        return migrator
    }

    static func migrate(_ writer: some DatabaseWriter) throws {
        let migrator = migrator
        let known = Set(migrator.migrations)
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: known) {
            throw StoreError.incompatibleSchema(found: applied.count, supported: known.count)
        }
        try migrator.migrate(writer)
    }
}
