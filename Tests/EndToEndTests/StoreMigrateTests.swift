import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `vantage store migrate` from a real SQLite deployment to PostgreSQL and back.
@Suite("vantage store migrate")
struct StoreMigrateTests {
    @Test func copiesEverythingToPostgresAndBackAndRefusesANonEmptyTargetUnlessForced() async throws {
        let servers = PostgresServers()
        defer { servers.remove() }
        let target = try TCPTarget()
        defer { target.close() }
        // A SQLite deployment with a user, an API key, two monitors and their results.
        let sqlite = try await servers.start(store: nil)
        let token = try await servers.token(sqlite, register: true)
        let key = try await sqlite.request("POST", "/api/v1/apikeys", body: #"{"name":"ci","scopes":["read"]}"#, token: token)
        #expect(key.status == 201, "\(key.body)")
        let first = try await servers.createMonitor(sqlite, token: token, name: "one", port: target.port)
        let second = try await servers.createMonitor(sqlite, token: token, name: "two", port: 1)
        #expect(await eventually(within: 30) { ((try? await servers.resultTimes(sqlite, token: token, monitor: first)) ?? []).count >= 3 })
        for monitor in [first, second] { _ = try await sqlite.request("POST", "/api/v1/monitors/\(monitor)/pause", token: token) }
        try await Task.sleep(for: .seconds(1))
        let resultsOnSQLite = try await servers.resultTimes(sqlite, token: token, monitor: first)
        #expect(await sqlite.terminate() == 0)
        let database = servers.directory.appendingPathComponent("data/vantage.sqlite").path
        let postgres = try await PostgresFixture.freshSchemaURL()

        let copied = try await servers.runVantage(["store", "migrate", "--from", "sqlite:\(database)", "--to", postgres])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("copied 1 tenants, 1 users, 1 memberships, 1 API keys, 2 monitors, 2 monitor states"), "\(copied.stdout)")

        let again = try await servers.runVantage(["store", "migrate", "--from", "sqlite:\(database)", "--to", postgres])
        #expect(again.status == 64)
        #expect(again.stderr.contains("not empty") && again.stderr.contains("--force"), "\(again.stderr)")
        let forced = try await servers.runVantage(["store", "migrate", "--from", "sqlite:\(database)", "--to", postgres, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.split(separator: " in ").first == copied.stdout.split(separator: " in ").first, "the same counts: \(forced.stdout)")

        // The same data served from PostgreSQL: the login, the monitors, every result.
        let onPostgres = try await servers.start(store: postgres)
        let login = try await servers.token(onPostgres, register: false)
        let monitors = try await onPostgres.request("GET", "/api/v1/monitors", token: login)
        if case .array(let items)? = PostgresServers.field(monitors.body, "items") { #expect(items.count == 2) } else { Issue.record("\(monitors.body)") }
        let resultsOnPostgres = try await servers.resultTimes(onPostgres, token: login, monitor: first)
        #expect(resultsOnPostgres.count == resultsOnSQLite.count && zip(resultsOnPostgres, resultsOnSQLite).allSatisfy { abs($0 - $1) < 0.001 },
                "results moved with their times: \(resultsOnSQLite) → \(resultsOnPostgres)")
        let keys = try await onPostgres.request("GET", "/api/v1/apikeys", token: login)
        #expect(keys.body.contains(#""name":"ci""#), "\(keys.body)")
        #expect(await onPostgres.terminate() == 0)

        // And back to a new SQLite file, with the same counts.
        let back = servers.directory.appendingPathComponent("back.sqlite").path
        let returned = try await servers.runVantage(["store", "migrate", "--from", postgres, "--to", "sqlite:\(back)"])
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.split(separator: " in ").first == copied.stdout.split(separator: " in ").first, "the same counts: \(returned.stdout)")

        let missing = try await servers.runVantage(["store", "migrate", "--from", "sqlite:/nonexistent/x.sqlite", "--to", "sqlite:\(back)"])
        #expect(missing.status == 64 && missing.stderr.contains("--from"), "\(missing.stderr)")
        let unknown = try await servers.runVantage(["store", "migrate", "--from", "mongodb://x", "--to", "sqlite:\(back)"])
        #expect(unknown.status == 64 && unknown.stderr.contains("sqlite:PATH"), "\(unknown.stderr)")
    }
}
