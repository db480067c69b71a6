import Foundation
import GRDB
import Kernel

/// `store.sqlite`: the embedded default store, one SQLite file in WAL mode through GRDB,
/// linking the system libsqlite3.
public struct SQLiteStore: HostStore, TraceStore, SampleStore, AlertStore, AgentStore, IngestStore, PushStore, LogStore, DashboardStore, StatusPageStore {
    public static let id = PluginID("store.sqlite")!
    public static let summary = "Embedded store: one SQLite file (WAL) under the data directory"

    /// Settings of `store.sqlite`.
    public struct Configuration: PluginConfiguration, Hashable {
        /// The database file; relative paths are under the data directory. Default `vantage.sqlite`.
        public var path: String
        /// Milliseconds a write waits for a lock held by another connection. Default 5000.
        public var busyTimeoutMilliseconds: Int

        /// Creates a configuration.
        public init(path: String = "vantage.sqlite", busyTimeoutMilliseconds: Int = 5000) {
            self.path = path
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            path = try container.decodeIfPresent(String.self, forKey: .path) ?? "vantage.sqlite"
            busyTimeoutMilliseconds = try container.decodeIfPresent(Int.self, forKey: .busyTimeoutMilliseconds) ?? 5000
            if path.isEmpty {
                throw DecodingError.dataCorruptedError(forKey: .path, in: container, debugDescription: "must not be empty")
            }
            if !(0...600_000).contains(busyTimeoutMilliseconds) {
                throw DecodingError.dataCorruptedError(forKey: .busyTimeoutMilliseconds, in: container, debugDescription: "must be 0 to 600000")
            }
        }
    }

    /// The database file in use.
    public let path: String
    private let pool: DatabasePool
    public let tenants: any TenantRepository
    public let monitors: any MonitorRepository
    public let results: any ResultRepository
    public let checks: any CheckRepository
    public let users: any UserRepository
    public let memberships: any MembershipRepository
    public let apiKeys: any APIKeyRepository
    public let hosts: any RemoteHostRepository
    public let traces: any TraceRepository
    public let samples: any SampleRepository
    public let alerts: any AlertRepository
    public let agents: any AgentRepository
    public let ingest: any IngestRepository
    public let pushes: any PushRepository
    /// Public status pages.
    public let statusPages: any StatusPageRepository
    public let logs: any LogRepository
    public let dashboard: any DashboardRepository

    public init(configuration: Configuration, context: PluginContext) async throws {
        let path = configuration.path.hasPrefix("/")
            ? configuration.path
            : URL(fileURLWithPath: context.dataDirectory).appendingPathComponent(configuration.path).path
        try self.init(path: path, busyTimeout: Double(configuration.busyTimeoutMilliseconds) / 1000)
    }

    /// WAL pages (4 KiB each) after which the WAL is checkpointed into the database, beside
    /// the writes (`WALCheckpointer`).
    static let walCheckpointPages = 16_384
    /// Checkpoints the WAL off the write path while this store lives.
    private let checkpointer: WALCheckpointer

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String, busyTimeout: Double = 5) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = GRDB.Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        let signal = WALSignal(thresholdPages: Self.walCheckpointPages)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Result rows land all over `results_by_monitor` (one insertion point per monitor),
            // so each commit dirties about one page per row; checkpointing every 64 MB of WAL
            // instead of SQLite's 4 MB copies a page that several commits rewrote once, not once
            // per commit (StoreWriteBenchmark: 72 -> 45 us per result at 5,000 monitors). The
            // hook replaces SQLite's automatic checkpoint, which would stall the writer.
            signal.install(on: db)
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try SQLiteSchema.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot open SQLite database at \(path): \(error)")
        }
        self.path = path
        do {
            checkpointer = try WALCheckpointer(path: path, signal: signal)
        } catch {
            throw StoreError.unavailable("cannot open SQLite database at \(path) for checkpoints: \(error)")
        }
        tenants = SQLiteTenantRepository(pool: pool)
        monitors = SQLiteMonitorRepository(pool: pool)
        results = SQLiteResultRepository(pool: pool)
        checks = SQLiteCheckRepository(pool: pool)
        users = SQLiteUserRepository(pool: pool)
        memberships = SQLiteMembershipRepository(pool: pool)
        apiKeys = SQLiteAPIKeyRepository(pool: pool)
        hosts = SQLiteHostRepository(pool: pool)
        agents = SQLiteAgentRepository(pool: pool)
        traces = SQLiteTraceRepository(pool: pool)
        samples = SQLiteSampleRepository(pool: pool)
        alerts = SQLiteAlertRepository(pool: pool)
        ingest = SQLiteIngestRepository(pool: pool)
        pushes = SQLitePushRepository(pool: pool)
        statusPages = SQLiteStatusPageRepository(pool: pool)
        logs = SQLiteLogRepository(pool: pool)
        dashboard = SQLiteDashboardRepository(pool: pool)
    }

    public func eraseAllTenants() async throws {
        try await pool.write { db in
            for table in ["result_hours", "results", "event_outbox", "monitor_states", "api_keys", "memberships", "monitors", "users", "tenants"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
    }

    public func checkHealth() async throws {
        do {
            _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        } catch {
            throw StoreError.unavailable("\(error)")
        }
    }
}
