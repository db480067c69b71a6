import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `vantage serve` on PostgreSQL: two servers sharing one database, a database restart under
/// a running server, and `vantage store migrate` both ways.
@Suite("vantage serve on PostgreSQL", .serialized)
struct PostgresServeTests {
    @Test func twoServersShareTheMonitorsAndTheSurvivorTakesOverWithinOneLeasePeriod() async throws {
        let servers = PostgresServers()
        defer { servers.remove() }
        let url = try await PostgresFixture.freshSchemaURL()
        let target = try TCPTarget()
        defer { target.close() }
        let lease = 4.0
        let a = try await servers.start(store: url, serverID: "a", leaseSeconds: lease)
        let token = try await servers.token(a, register: true)
        var monitors: [String] = []
        for index in 0..<12 { monitors.append(try await servers.createMonitor(a, token: token, name: "m\(index)", port: target.port)) }
        let b = try await servers.start(store: url, serverID: "b", leaseSeconds: lease)
        defer { b.stop() }

        // Within two renewals (a quarter period apart) each server runs six.
        let shared = await eventually(within: 15) {
            let leasedByA = try? await servers.metric(a, "vantage_monitors_leased")
            let leasedByB = try? await servers.metric(b, "vantage_monitors_leased")
            return leasedByA == 6 && leasedByB == 6
        }
        let leasedByA = (try? await servers.metric(a, "vantage_monitors_leased")) ?? -1
        let leasedByB = (try? await servers.metric(b, "vantage_monitors_leased")) ?? -1
        #expect(shared, "a: \(leasedByA), b: \(leasedByB)")
        // A change made through a reaches b's scheduler through LISTEN/NOTIFY: every monitor,
        // whichever server runs it, is soon checked against the new (refused) target.
        let changed = Date().timeIntervalSince1970
        let all = monitors
        for monitor in all {
            #expect(try await a.request("PATCH", "/api/v1/monitors/\(monitor)", body: #"{"target":"127.0.0.1:1"}"#, token: token).status == 200)
        }
        // The twelve PATCHes take a while under load; each runs its monitor at once.
        let patched = Date().timeIntervalSince1970
        #expect(await eventually(within: 30) {
            for monitor in all {
                let latest = (try? await a.request("GET", "/api/v1/monitors/\(monitor)/results?limit=1", token: token).body) ?? ""
                let last = (try? await servers.resultTimes(a, token: token, monitor: monitor))?.last ?? 0
                guard latest.contains(#""down""#) && latest.contains("127.0.0.1:1") && last > changed + 0.5 else { return false }
            }
            return true
        }, "every monitor checks the changed target")
        let created = PostgresServers.field(try await b.request("POST", "/api/v1/monitors", body: #"{"name":"late","kind":"tcp","target":"127.0.0.1:\#(target.port)","interval":1,"timeout":0.5}"#, token: token).body, "id")
        #expect(created != nil, "a monitor created through b")
        try await Task.sleep(for: .seconds(2))

        await a.kill()
        let killed = Date().timeIntervalSince1970
        // Every monitor runs again within one lease period of the kill (plus an interval and a
        // tick), now all on b.
        try await Task.sleep(for: .seconds(lease + 3))
        #expect(try await servers.metric(b, "vantage_monitors_leased") == 13)
        for monitor in monitors {
            let times = try await servers.resultTimes(b, token: token, monitor: monitor)
            let resumed = times.first { $0 > killed }
            #expect(resumed != nil && resumed! - killed <= lease + 1.5, "monitor \(monitor) resumed \((resumed ?? 0) - killed) s after the kill")
            // (An edit runs a monitor at once, by design: gaps count from after the last PATCH.)
            let settled = times.filter { $0 > patched + 0.5 }
            let gaps = zip(settled.dropFirst(), settled).map { $0 - $1 }
            #expect((gaps.min() ?? 1) >= 0.3, "monitor \(monitor) ran twice in one interval (30 % of it; a late start is not counted): gaps \(gaps)")
            #expect(times.count >= 5, "monitor \(monitor) has \(times.count) results")
        }
    }

    @Test func serveRefusesABadStoreNamingItWithoutThePassword() async throws {
        let servers = PostgresServers()
        defer { servers.remove() }
        let config = try servers.configuration()
        var url = URLComponents(string: try PostgresFixture.sharedURL())!
        url.password = "Wrong-Secret-1"
        let wrong = try await servers.runVantage(["serve", "--config", config.path, "--listen", "127.0.0.1:0", "--store", url.string!])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--store") && wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("Wrong-Secret-1"))
        let malformed = try await servers.runVantage(["serve", "--config", config.path, "--store", "postgresql://u:Se%zzcret@h/db"])
        #expect(malformed.status == 64 && malformed.stderr.contains("malformed") && !malformed.stderr.contains("zzcret"), "\(malformed.stderr)")
    }

    @Test(.enabled(if: PostgresFixture.canStartClusters, Comment(rawValue: PostgresFixture.clusterRequirement)))
    func aDatabaseRestartLosesNoResultsAndTheServerReportsNotReadyMeanwhile() async throws {
        let database = try await PostgresFixture.start()
        let servers = PostgresServers()
        defer { servers.remove() }
        let target = try TCPTarget()
        defer { target.close() }
        let server = try await servers.start(store: database.url)
        let token = try await servers.token(server, register: true)
        var monitors: [String] = []
        for index in 0..<5 { monitors.append(try await servers.createMonitor(server, token: token, name: "m\(index)", port: target.port)) }
        #expect(await eventually(within: 30) { (try? await servers.metric(server, "vantage_checks_total")) ?? 0 >= 10 })

        try await database.stop()
        let stopped = Date().timeIntervalSince1970
        #expect(await eventually(within: 30) { (try? await server.request("GET", "/health/ready").status) == 503 }, "not ready while the database is down")
        #expect(try await server.request("GET", "/health").status == 200, "the server itself stays up")
        try await Task.sleep(for: .seconds(3))
        #expect(server.isRunning)
        try await database.restart()
        let restarted = Date().timeIntervalSince1970
        #expect(await eventually(within: 30) { (try? await server.request("GET", "/health/ready").status) == 200 }, "ready again")
        try await Task.sleep(for: .seconds(2))

        // Stop checking (pause every monitor), let runs in flight finish, and compare the
        // checks the scheduler counted with the rows stored: none may be missing.
        for monitor in monitors { #expect(try await server.request("POST", "/api/v1/monitors/\(monitor)/pause", token: token).status == 200) }
        try await Task.sleep(for: .seconds(1.5))
        let ran = try await servers.metric(server, "vantage_checks_total")
        #expect(await server.terminate() == 0)
        let stored = try await PostgresFixture.psql(database.url, "SELECT count(*) FROM results")
        #expect(Double(stored) == ran, "checks run: \(ran), results stored: \(stored)")
        let duringOutage = try await PostgresFixture.psql(database.url,
            "SELECT count(*) FROM results WHERE started_at > to_timestamp(\(stopped + 0.5)) AND started_at < to_timestamp(\(restarted))")
        #expect(Int(duringOutage) ?? 0 >= 5, "results produced while the database was down are stored: \(duringOutage)")
        try await database.remove()
    }

    @Test(.enabled(if: PostgresFixture.canStartClusters, Comment(rawValue: PostgresFixture.clusterRequirement)))
    func resultsOfADatabaseOutageOutliveAKillOfTheServerInItsSpool() async throws {
        let database = try await PostgresFixture.start()
        let servers = PostgresServers()
        defer { servers.remove() }
        let target = try TCPTarget()
        defer { target.close() }
        let first = try await servers.start(store: database.url)
        let token = try await servers.token(first, register: true)
        for index in 0..<5 { _ = try await servers.createMonitor(first, token: token, name: "m\(index)", port: target.port) }
        #expect(await eventually(within: 30) { (try? await servers.metric(first, "vantage_checks_total")) ?? 0 >= 10 })

        try await database.stop()
        let stopped = Date().timeIntervalSince1970
        #expect(await eventually(within: 30) { (try? await servers.metric(first, "vantage_results_spooled_total")) ?? 0 >= 15 },
                "results go to the spool while the database is down")
        // Every check counted here started before `counted`; a second later each is spooled.
        let ran = try await servers.metric(first, "vantage_checks_total")
        let counted = Date().timeIntervalSince1970
        try await Task.sleep(for: .seconds(1))
        await first.kill()
        #expect(FileManager.default.fileExists(atPath: servers.directory.appendingPathComponent("data/result-spool.sqlite").path))

        try await database.restart()
        let second = try await servers.start(store: database.url)
        defer { second.stop() }
        #expect(await eventually(within: 30) { (try? await second.request("GET", "/health/ready").status) == 200 }, "ready again")
        // The spool is replayed as the scheduler starts, beside the readiness check.
        #expect(await eventually(within: 30) { (try? await servers.metric(second, "vantage_results_replayed_total")) ?? 0 >= 15 },
                "the spooled results are written")
        #expect(try await servers.metric(second, "vantage_result_spool_depth") == 0)
        let stored = Double(try await PostgresFixture.psql(database.url,
            "SELECT count(*) FROM results WHERE started_at < to_timestamp(\(counted))").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(stored >= ran && stored <= ran + 5, "checks counted before the kill: \(ran), stored: \(stored)")
        let duringOutage = try await PostgresFixture.psql(database.url,
            "SELECT count(*) FROM results WHERE started_at > to_timestamp(\(stopped + 0.5)) AND started_at < to_timestamp(\(counted))")
        #expect(Int(duringOutage.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 10, "results of the outage: \(duringOutage)")
        let duplicates = try await PostgresFixture.psql(database.url,
            "SELECT count(*) FROM (SELECT monitor_id, started_at FROM results GROUP BY 1, 2 HAVING count(*) > 1) AS twice")
        #expect(duplicates.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "none stored twice")
        _ = await second.terminate()
        try await database.remove()
    }
}
