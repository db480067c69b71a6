import FixtureServers
import Foundation
import Testing

/// The server stopped while its agent keeps probing (and the agent itself killed with
/// SIGKILL in the middle of it): once the server is back, every result the agent took is
/// stored, in order, none twice. The outage lasts `VANTAGE_TEST_OUTAGE_SECONDS` (default
/// 120, the two minutes the agents issue asks for).
@Suite("agents through a server outage", .serialized)
struct AgentOutageTests {
    static let outageSeconds = Double(ProcessInfo.processInfo.environment["VANTAGE_TEST_OUTAGE_SECONDS"] ?? "") ?? 120

    /// Runs a read-only SQL query against an SQLite file with Python's sqlite3; one line per row.
    func query(_ database: String, _ sql: String) async throws -> [String] {
        let script = """
            import sys, sqlite3
            db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
            for row in db.execute(sys.argv[2]): print("|".join("" if v is None else str(v) for v in row))
            """
        let outcome = try await Executables.run("/usr/bin/python3", ["-c", script, database, sql])
        guard outcome.status == 0 else { throw Executables.Missing(description: "sqlite query failed: \(outcome.stderr)") }
        return outcome.stdout.split(separator: "\n").map(String.init)
    }

    @Test func everyResultTakenDuringAnOutageIsStoredOnceInOrder() async throws {
        let base = AgentNamespaceTests()
        let up = try await Executables.run("/bin/bash", [AgentNamespaceTests.script, "up", base.suffix, "1"])
        defer { _ = try? FixturePaths.run("/bin/bash", [AgentNamespaceTests.script, "down", base.suffix, "1"]) }
        try #require(up.status == 0, "\(up.stderr)")
        defer { try? FileManager.default.removeItem(at: base.directory) }
        let config = try base.configFile()
        let vantage = try Executables.path("vantage")
        let env = AgentNamespaceTests.environment
        let tenant = try await base.createAdmin(vantage, config)
        let server = try await base.serve(vantage, config)
        defer { server.stop() }
        let port = server.port
        let agentData = base.directory.appendingPathComponent("agent-data").path
        let arguments = ["--server", "http://10.77.1.1:\(port)", "--data-dir", agentData, "--config", config, "--name", "edge-1"]
        let agent = try AgentProcess(namespace: base.agentNamespace(1), arguments: arguments, environment: ["VANTAGE_AGENT_SECRET": AgentNamespaceTests.secret],
                                     logFile: base.directory.appendingPathComponent("agent.log"))
        defer { agent.stop() }
        #expect(await agent.waitForLog("waiting for approval"), "\(agent.log)")
        let id = try String(contentsOfFile: agentData + "/agent.id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await Executables.run(vantage, ["agents", "approve", "--config", config, "--tenant", tenant, id], environment: env).status == 0)
        #expect(await agent.waitForLog("received and saved this agent's credential"), "\(agent.log)")

        let (loginStatus, loginBody) = try await base.request("POST", "/api/v1/auth/login", port: port, body: #"{"login":"ops","password":"a-good-password-1"}"#)
        try #require(loginStatus == 200, "\(loginBody)")
        let token = try #require(((try? JSONSerialization.jsonObject(with: Data(loginBody.utf8))) as? [String: Any])?["token"] as? String)
        let (created, body) = try await base.request("POST", "/api/v1/monitors", port: port, body: """
            {"name":"behind-the-agent","kind":"icmp","target":"10.88.1.1","interval":1,"timeout":1,"locations":["\(id)"]}
            """, token: token)
        try #require(created == 201, "\(body)")
        let database = base.directory.appendingPathComponent("data/vantage.sqlite").path
        let stored = { try await query(database, "SELECT count(*) FROM results WHERE location = '\(id)'").first.flatMap { Int($0) } ?? 0 }
        try await base.waitFor("results before the outage") { try await stored() >= 3 }

        // The outage: the server stops; half-way through, the agent is killed and restarted.
        #expect(await server.terminate() == 0)
        try await Task.sleep(for: .seconds(Self.outageSeconds / 2))
        await agent.kill()
        let restarted = try AgentProcess(namespace: base.agentNamespace(1), arguments: arguments, environment: [:],
                                         logFile: base.directory.appendingPathComponent("agent-restarted.log"))
        defer { restarted.stop() }
        try await Task.sleep(for: .seconds(Self.outageSeconds / 2))
        let spool = agentData + "/spool.sqlite"
        let waiting = try await query(spool, "SELECT count(*) FROM spool").first.flatMap { Int($0) } ?? 0
        #expect(Double(waiting) >= Self.outageSeconds * 0.8, "the agent kept probing through the outage and its kill: \(waiting) results waiting")

        let back = try await base.serve(vantage, config, listen: "0.0.0.0:\(port)")
        defer { back.stop() }
        // The agent reconnects within its longest backoff (30 s, +20 % jitter), then drains.
        try await base.waitFor("the spool drained", seconds: 90) {
            try await query(spool, "SELECT count(*) FROM spool").first == "0"
        }
        // Every result the agent numbered is stored exactly once, in the order taken. The
        // agent keeps probing every second: the three reads are taken again until no result
        // was numbered or delivered between them (the cursor the same before and after, and
        // equal to the spool's last number).
        var produced = -1, rows: [String] = [], cursor: [String] = []
        for _ in 0..<50 {
            let before = try await query(database, "SELECT sequence FROM delivery_cursors WHERE origin LIKE 'agent:\(id):%'")
            rows = try await query(database, "SELECT id, started_at FROM results WHERE location = '\(id)' ORDER BY id")
            produced = try await query(spool, "SELECT seq FROM sqlite_sequence WHERE name = 'spool'").first.flatMap { Int($0) } ?? -1
            cursor = try await query(database, "SELECT sequence FROM delivery_cursors WHERE origin LIKE 'agent:\(id):%'")
            if before == cursor, cursor == [String(produced)] { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(rows.count == produced, "stored \(rows.count), the agent produced \(produced)")
        let times = rows.compactMap { $0.split(separator: "|").last.flatMap { Double($0) } }
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "in order, none twice")
        #expect(cursor == [String(produced)], "one epoch, delivered up to the last: \(cursor)")
    }
}
