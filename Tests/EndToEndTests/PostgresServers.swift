import FixtureServers
import Foundation
import Kernel
import KernelTesting

/// `vantage serve` processes on PostgreSQL, for the end-to-end tests of several servers,
/// migration and restarts.
struct PostgresServers {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-pg-e2e-\(UUID())")
    static let secret = String(repeating: "e2e-secret-", count: 4)
    static let credentials = #"{"email":"ops@example.org","username":"ops","password":"a-good-password-1"}"#

    /// Writes Plugins.json (SQLite by default; `--store` overrides it) with the lease period.
    func configuration(leaseSeconds: Double = 30) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("Plugins.json")
        try Data("""
            {"server":{"publicMetrics":true},"scheduler":{"leaseSeconds":\(leaseSeconds),"jitter":0},
             "alerting":{"retryBaseSeconds":0.5,"retryMaxSeconds":2,"pollSeconds":0.5,"maxAttempts":10},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tcp"},{"plugin":"notifier.webhook","name":"webhook"},
                        {"plugin":"auth.password","config":{"bcryptCost":10,"registration":"open"}},{"plugin":"auth.jwt"},{"plugin":"auth.api_key"}]}
            """.utf8).write(to: config)
        return config
    }

    /// Starts a server; `store` is a `--store` location or nil for the file's SQLite.
    func start(store: String?, serverID: String = "server-\(UUID().uuidString.prefix(6))", leaseSeconds: Double = 30) async throws -> ServerProcess {
        let config = try configuration(leaseSeconds: leaseSeconds)
        var arguments = ["serve", "--config", config.path, "--listen", "127.0.0.1:0", "--data-dir", directory.appendingPathComponent("data").path,
                         "--server-id", serverID]
        if let store { arguments += ["--store", store] }
        return try await ServerProcess.start(executable: try Executables.path("vantage"), arguments: arguments, directory: directory,
                                             environment: ["VANTAGE_JWT_SECRET": Self.secret])
    }

    /// Registers the first user (or logs in) and returns a token.
    func token(_ server: ServerProcess, register: Bool) async throws -> String {
        let reply = register ? try await server.request("POST", "/api/v1/auth/register", body: Self.credentials)
                             : try await server.request("POST", "/api/v1/auth/login", body: #"{"login":"ops","password":"a-good-password-1"}"#)
        guard case .string(let token)? = Self.field(reply.body, "token") else { throw Executables.Missing(description: "no token: \(reply.body)") }
        return token
    }

    /// Creates a TCP monitor; returns its id.
    func createMonitor(_ server: ServerProcess, token: String, name: String, port: Int, interval: Double = 1) async throws -> String {
        let reply = try await server.request("POST", "/api/v1/monitors",
                                       body: #"{"name":"\#(name)","kind":"tcp","target":"127.0.0.1:\#(port)","interval":\#(interval),"timeout":0.5}"#,
                                       token: token)
        guard reply.status == 201, case .string(let id)? = Self.field(reply.body, "id") else {
            throw Executables.Missing(description: "monitor not created: \(reply.status) \(reply.body)")
        }
        return id
    }

    /// The start times of a monitor's stored results, oldest first.
    func resultTimes(_ server: ServerProcess, token: String, monitor: String) async throws -> [Double] {
        let body = try await server.request("GET", "/api/v1/monitors/\(monitor)/results?limit=1000", token: token).body
        guard case .array(let items)? = Self.field(body, "items") else { return [] }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return items.compactMap { item -> Double? in
            guard case .string(let text)? = item.objectValue?["startedAt"] else { return nil }
            return (formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text))?.timeIntervalSince1970
        }.sorted()
    }

    /// A metric's value from `/metrics` (summed over its labels).
    func metric(_ server: ServerProcess, _ name: String) async throws -> Double {
        let body = try await server.request("GET", "/metrics").body
        return body.split(separator: "\n").filter { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    static func field(_ body: String, _ key: String) -> JSONValue? {
        (try? JSONValue.parse(Data(body.utf8)))?.objectValue?[key]
    }

    func runVantage(_ arguments: [String]) async throws -> Executables.Outcome {
        try await Executables.run(try Executables.path("vantage"), arguments, directory: directory)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
