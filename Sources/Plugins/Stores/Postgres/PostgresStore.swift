import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// `store.postgres`: PostgreSQL through libpq, for teams that outgrow one machine. Several
/// `vantage serve` processes can share one database: they divide the monitors through leases
/// and see each other's events through LISTEN/NOTIFY.
public final class PostgresStore: LeaseStore, EventRelayStore, HostStore, TraceStore, SampleStore, AlertStore, AgentStore, Service, ClosablePlugin, IngestStore, PushStore, LogStore, DashboardStore, StatusPageStore {
    public static let id = PluginID("store.postgres")!
    public static let summary = "PostgreSQL through libpq: a connection pool, COPY batches, leases for several servers"

    /// Settings of `store.postgres`.
    public struct Configuration: PluginConfiguration, Hashable {
        /// A libpq connection URI or key=value string: everything libpq takes (sslmode, several
        /// hosts with target_session_attrs, passfile, service). Empty: libpq's defaults and the
        /// `PG*` environment variables. Keep passwords out of it: use `PGPASSWORD` or a passfile.
        public var url: String
        /// Connections in the pool. Default 8.
        public var poolSize: Int
        /// Seconds to wait for a connection to open, where the URL does not say. Default 5.
        public var connectTimeoutSeconds: Int
        /// The LISTEN/NOTIFY channel of events between servers. Default `vantage_events`.
        public var notifyChannel: String

        /// Creates a configuration.
        public init(url: String = "", poolSize: Int = 8, connectTimeoutSeconds: Int = 5, notifyChannel: String = "vantage_events") {
            self.url = url
            self.poolSize = poolSize
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.notifyChannel = notifyChannel
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Configuration()
            url = try container.decodeIfPresent(String.self, forKey: .url) ?? defaults.url
            poolSize = try container.decodeIfPresent(Int.self, forKey: .poolSize) ?? defaults.poolSize
            connectTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .connectTimeoutSeconds) ?? defaults.connectTimeoutSeconds
            notifyChannel = try container.decodeIfPresent(String.self, forKey: .notifyChannel) ?? defaults.notifyChannel
            if !(1...256).contains(poolSize) {
                throw DecodingError.dataCorruptedError(forKey: .poolSize, in: container, debugDescription: "must be 1 to 256")
            }
            if !(1...300).contains(connectTimeoutSeconds) {
                throw DecodingError.dataCorruptedError(forKey: .connectTimeoutSeconds, in: container, debugDescription: "must be 1 to 300")
            }
            if notifyChannel.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) == nil {
                throw DecodingError.dataCorruptedError(forKey: .notifyChannel, in: container,
                                                       debugDescription: "must be a lower-case identifier: a-z, 0-9 and _, at most 63 characters")
            }
        }
    }

    private let pool: PGConnectionPool
    private let relay: PostgresEventRelay
    private let leaseRepository: PostgresLeaseRepository
    /// The connection's settings without secrets (`host=... dbname=... user=...`).
    public let location: String
    public let tenants: any TenantRepository
    public let monitors: any MonitorRepository
    public let results: any ResultRepository
    public let checks: any CheckRepository
    public let users: any UserRepository
    public let memberships: any MembershipRepository
    public let apiKeys: any APIKeyRepository
    public let hosts: any RemoteHostRepository
    public let agents: any AgentRepository
    public let traces: any TraceRepository
    public let samples: any SampleRepository
    public let alerts: any AlertRepository
    public let ingest: any IngestRepository
    public let pushes: any PushRepository
    /// Public status pages.
    public let statusPages: any StatusPageRepository
    public let logs: any LogRepository
    public let dashboard: any DashboardRepository
    public var leases: any LeaseRepository { leaseRepository }
    public var eventRelay: any EventRelay { relay }

    public convenience init(configuration: Configuration, context: PluginContext) async throws {
        try await self.init(configuration: configuration, logger: context.logger)
    }

    /// Connects, checks the server and migrates the schema; throws `StoreError` with a message
    /// that says what is wrong and what to check, never the password.
    public init(configuration: Configuration, logger: Logger = Logger(label: "store.postgres")) async throws {
        let connector: PGConnector
        do {
            connector = try PGConnector(conninfo: configuration.url, connectTimeoutSeconds: configuration.connectTimeoutSeconds)
        } catch {
            throw StoreError.unavailable("\(error)")
        }
        location = connector.display
        pool = PGConnectionPool(connector: connector, limit: configuration.poolSize)
        relay = PostgresEventRelay(pool: pool, connector: connector, channel: configuration.notifyChannel, logger: logger)
        leaseRepository = PostgresLeaseRepository(pool: pool)
        tenants = PostgresTenantRepository(pool: pool)
        monitors = PostgresMonitorRepository(pool: pool)
        let resultRepository = PostgresResultRepository(pool: pool, logger: logger)
        results = resultRepository
        checks = PostgresCheckRepository(pool: pool, results: resultRepository)
        users = PostgresUserRepository(pool: pool)
        memberships = PostgresMembershipRepository(pool: pool)
        apiKeys = PostgresAPIKeyRepository(pool: pool)
        hosts = PostgresHostRepository(pool: pool)
        agents = PostgresAgentRepository(pool: pool)
        traces = PostgresTraceRepository(pool: pool)
        samples = PostgresSampleRepository(pool: pool)
        ingest = PostgresIngestRepository(pool: pool)
        pushes = PostgresPushRepository(pool: pool)
        statusPages = PostgresStatusPageRepository(pool: pool)
        logs = PostgresLogRepository(pool: pool)
        dashboard = PostgresDashboardRepository(pool: pool)
        alerts = PostgresAlertRepository(pool: pool)
        do {
            try await pool.withRawConnection { connection in
                guard connection.serverVersion >= 120_000 else {
                    throw StoreError.unavailable("PostgreSQL \(connection.serverVersion / 10000) is too old: Vantage needs 12 or newer")
                }
                try PostgresSchema.migrate(connection)
            }
        } catch let error as StoreError {
            await pool.close()
            if case .incompatibleSchema(let found, let supported) = error {
                throw StoreError.unavailable("""
                    the database at \(location) has schema version \(found), written by a newer Vantage; this build supports up to \
                    \(supported). Upgrade Vantage, or point it at another database
                    """)
            }
            throw error
        } catch let error as PGError {
            await pool.close()
            throw StoreError.unavailable(Self.explain(error, location: location))
        }
    }

    /// The start-up message for a failed connection: libpq's reason and what to check.
    static func explain(_ error: PGError, location: String) -> String {
        let hint: String
        let message = error.message.lowercased()
        if message.contains("password") || message.contains("authentication") {
            hint = "check the user name and password (PGPASSWORD or a passfile such as ~/.pgpass) and the server's pg_hba.conf"
        } else if message.contains("ssl") || message.contains("certificate") {
            hint = "check sslmode and sslrootcert in the connection string: the root must be the CA that signed the server's certificate, and verify-full also needs the host name in it"
        } else if message.contains("does not exist") {
            hint = "create the database and user first (createdb, createuser), or fix the name in the URL"
        } else if message.contains("fatal:") {
            hint = "the server refused the connection: check the settings in the connection string (options, sslmode) and the server's log"
        } else if error.connectionLost {
            hint = "check that PostgreSQL is running and accepts connections on that host and port (listen_addresses, firewall)"
        } else {
            hint = "check the server's log"
        }
        let reason = error.message.trimmingCharacters(in: CharacterSet(charactersIn: ".?! "))
        return "cannot use PostgreSQL at \(location): \(reason). \(hint.prefix(1).uppercased() + hint.dropFirst())"
    }

    public func checkHealth() async throws {
        do {
            try await pool.withConnection { connection in try connection.query("SELECT 1") }
        } catch let error as PGError {
            throw StoreError.unavailable(error.description)
        }
    }

    public func eraseAllTenants() async throws {
        try await pool.withConnection { connection in
            try connection.execute("TRUNCATE status_pages, result_hours, logs, push_beats, push_tokens, connections, ingest_keys, location_states, delivery_cursors, agents, alert_deliveries, alerts, alert_states, alert_cursor, alert_config, results, event_outbox, monitor_states, monitor_leases, sample_points, sample_buckets, sample_series, traces, hosts, api_keys, memberships, monitors, users, tenants")
        }
    }

    /// Runs until graceful shutdown, then closes the pool and the LISTEN connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes every connection; later calls fail with `StoreError.unavailable`. The host also
    /// calls it when a plugin after the store fails to start (`ClosablePlugin`).
    public func close() async {
        relay.stop()
        await pool.close()
    }
}
