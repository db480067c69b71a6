import Foundation

/// PostgreSQL for tests. The shared server comes from `VANTAGE_TEST_POSTGRES_URL`, which
/// `scripts/test.sh` (and so CI) sets after starting a throw-away cluster; a test that needs
/// to stop and start the server runs a cluster of its own with `PostgresFixture.start`.
public struct PostgresFixture: Sendable {
    /// The URL of database `vantage`.
    public let url: String
    /// The cluster's directory.
    public let directory: String
    /// The loopback port.
    public let port: Int

    /// The shared server's URL; a clear failure when the variable is missing.
    public static func sharedURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["VANTAGE_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw FixtureError(message: "VANTAGE_TEST_POSTGRES_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL")
        }
        return url
    }

    /// Whether this machine can run clusters of a test's own (`start()`): root, a `postgres`
    /// user and PostgreSQL's server binaries. Tests that need one are skipped otherwise,
    /// with `clusterRequirement` as the reason; the rest run against any server named by
    /// `VANTAGE_TEST_POSTGRES_URL`.
    public static let canStartClusters: Bool = {
        guard getuid() == 0, getpwnam("postgres") != nil else { return false }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
    }()

    /// Why a test that starts its own cluster was skipped.
    public static let clusterRequirement =
        "starts a PostgreSQL cluster of its own: needs root, a postgres user and postgresql-15 (scripts/install-deps.sh --tests)"

    /// Creates and starts a cluster of this test's own (about 1 s); it is removed when the test
    /// process exits, or with `remove()`.
    public static func start() async throws -> PostgresFixture {
        let directory = "/tmp/vantage-pg-\(UUID().uuidString.prefix(8))"
        var environment = ProcessInfo.processInfo.environment
        environment["EXTRA_PG_OPTIONS"] = "-c fsync=off"
        let (status, output, errors) = try await FixturePaths.capture(script, ["start", directory, String(getpid())], environment: environment)
        let url = output.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, url.hasPrefix("postgresql://"), let port = URLComponents(string: url)?.port else {
            throw FixtureError(message: "could not start PostgreSQL: \(output) \(errors)")
        }
        return PostgresFixture(url: url, directory: directory, port: port)
    }

    /// Stops the server (fast shutdown), keeping its data.
    public func stop() async throws { try await run("stop") }
    /// Starts the stopped server again on the same port.
    public func restart() async throws { try await run("restart") }
    /// Stops the server and deletes its data.
    public func remove() async throws { try await run("remove") }

    private func run(_ command: String) async throws {
        let (status, output, errors) = try await FixturePaths.capture(Self.script, [command, directory])
        if status != 0 { throw FixtureError(message: "pg-server.sh \(command) failed: \(output) \(errors)") }
    }

    private static var script: String { FixturePaths.fixtures.appendingPathComponent("postgres/pg-server.sh").path }

    /// Runs SQL with psql against `url`; returns its output (unaligned, tuples only).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) async throws -> String {
        let psql = FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") ? "/usr/bin/psql" : "/usr/lib/postgresql/15/bin/psql"
        let (status, output, errors) = try await FixturePaths.capture(psql, [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                                                      environment: ProcessInfo.processInfo.environment)
        if status != 0 { throw FixtureError(message: "psql failed: \(errors)") }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new empty schema in the shared test database, and a URL whose connections use it
    /// (through `search_path`): tests run side by side without seeing each other's rows.
    public static func freshSchemaURL() async throws -> String {
        let base = try sharedURL()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await psql(base, "CREATE SCHEMA \(schema)")
        return url(base, adding: "options", "-c search_path=\(schema)")
    }

    /// `url` with a libpq parameter added to its query (`options=-c search_path=x`). Plain
    /// text, since URLComponents cannot parse libpq's several-host URIs.
    public static func url(_ url: String, adding name: String, _ value: String) -> String {
        let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
        return url + (url.contains("?") ? "&" : "?") + name + "=" + encoded
    }
}
