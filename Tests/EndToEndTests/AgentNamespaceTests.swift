import FixtureServers
import Foundation
import Testing

/// `vantage agent` and `vantage serve` as real processes in network namespaces of their own,
/// joined by a veth link (`Tests/Fixtures/netns-agents.sh`): the agent dials out to the
/// server, is refused with a wrong secret, waits for approval, receives its credential, keeps
/// its UUID and credential through SIGKILL, and is cut off when revoked through the CLI.
@Suite("agents across network namespaces", .serialized)
struct AgentNamespaceTests {
    static let script = Executables.packageRoot.appendingPathComponent("Tests/Fixtures/netns-agents.sh").path
    static let secret = "namespace-agent-secret-0123456789"
    let suffix = String(UUID().uuidString.lowercased().prefix(6))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-agents-\(UUID())")

    var serverNamespace: String { "va-\(suffix)-s" }
    func agentNamespace(_ k: Int) -> String { "va-\(suffix)-a\(k)" }

    func configFile() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("Plugins.json").path
        let json = """
            {"server":{"dataDirectory":"\(directory.appendingPathComponent("data").path)"},
             "agents":{"heartbeatSeconds":0.5,"offlineAfterSeconds":3},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tcp"},{"plugin":"probe.icmp"},
                        {"plugin":"auth.password","config":{"bcryptCost":10,"registration":"closed"}},{"plugin":"auth.jwt"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The agents the tenant sees, as `vantage agents list --json` prints them.
    func agents(_ vantage: String, _ config: String, tenant: String, env: [String: String]) async throws -> [[String: Any]] {
        let listed = try await Executables.run(vantage, ["agents", "list", "--config", config, "--tenant", tenant, "--json"], environment: env)
        return (try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8))) as? [[String: Any]] ?? []
    }

    /// One HTTP request to the server from inside its namespace (the test's own namespace
    /// cannot reach it); returns the status and the body.
    func request(_ method: String, _ path: String, port: Int, body: String? = nil, token: String? = nil) async throws -> (Int, String) {
        let script = """
            import sys, urllib.request, urllib.error
            method, url, body, token = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            request = urllib.request.Request(url, data=body.encode() if body else None, method=method)
            request.add_header("Content-Type", "application/json")
            if token: request.add_header("Authorization", "Bearer " + token)
            try:
                with urllib.request.urlopen(request, timeout=10) as response: print(response.status); print(response.read().decode())
            except urllib.error.HTTPError as error: print(error.code); print(error.read().decode())
            """
        let outcome = try await Executables.run("/usr/sbin/ip", ["netns", "exec", serverNamespace, "/usr/bin/python3", "-c", script, method,
                                                                 "http://127.0.0.1:\(port)\(path)", body ?? "", token ?? ""])
        let lines = outcome.stdout.split(separator: "\n", maxSplits: 1).map(String.init)
        return (Int(lines.first ?? "") ?? 0, lines.count > 1 ? lines[1] : outcome.stderr)
    }

    /// The environment of the server and the CLI: the JWT secret, the administrator's
    /// password and the agents' shared secret.
    static let environment = ["VANTAGE_JWT_SECRET": String(repeating: "agent-jwt-", count: 4), "ADMIN_PASSWORD": "a-good-password-1",
                              "VANTAGE_AGENT_SECRET": secret]

    /// Makes the administrator `ops` with `vantage user create` and returns their tenant.
    func createAdmin(_ vantage: String, _ config: String) async throws -> String {
        let admin = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "ops@example.org", "--username", "ops",
                                                        "--password-env", "ADMIN_PASSWORD", "--admin"], environment: Self.environment)
        return try #require(admin.stdout.components(separatedBy: "tenant ").last?.trimmingCharacters(in: .whitespacesAndNewlines), "\(admin.stderr)")
    }

    /// `vantage serve` in the server namespace, listening on `listen`.
    func serve(_ vantage: String, _ config: String, listen: String = "0.0.0.0:0") async throws -> ServerProcess {
        try await ServerProcess.start(executable: "/usr/sbin/ip", arguments: ["netns", "exec", serverNamespace, vantage, "serve",
                                                                              "--config", config, "--listen", listen],
                                      directory: directory, environment: Self.environment)
    }

    func waitFor(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting for \(what)")
    }

    @Test func anAgentDialsOutIsApprovedSurvivesSIGKILLAndIsRevoked() async throws {
        let up = try await Executables.run("/bin/bash", [Self.script, "up", suffix, "1"])
        defer { _ = try? FixturePaths.run("/bin/bash", [Self.script, "down", suffix, "1"]) }
        try #require(up.status == 0, "\(up.stderr)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try configFile()
        let vantage = try Executables.path("vantage")
        let env = Self.environment
        let tenant = try await createAdmin(vantage, config)
        let server = try await serve(vantage, config)
        defer { server.stop() }
        let url = "http://10.77.1.1:\(server.port)"
        let agentData = directory.appendingPathComponent("agent-data").path
        let agentArguments = ["--server", url, "--data-dir", agentData, "--config", config, "--name", "edge-1"]

        // A wrong secret: refused, nothing enrolled.
        let wrong = try AgentProcess(namespace: agentNamespace(1), arguments: agentArguments,
                                     environment: ["VANTAGE_AGENT_SECRET": "a-wrong-secret-of-enough-length"],
                                     logFile: directory.appendingPathComponent("agent-wrong.log"))
        #expect(await wrong.waitForLog("the server refused this agent"), "\(wrong.log)")
        #expect(wrong.log.contains("VANTAGE_AGENT_SECRET"), "the reason names the secret: \(wrong.log)")
        _ = await wrong.terminate()
        #expect(try await agents(vantage, config, tenant: tenant, env: env).isEmpty, "a refused agent is not enrolled")

        // The right secret: pending until approved.
        let agent = try AgentProcess(namespace: agentNamespace(1), arguments: agentArguments, environment: ["VANTAGE_AGENT_SECRET": Self.secret],
                                     logFile: directory.appendingPathComponent("agent.log"))
        defer { agent.stop() }
        #expect(await agent.waitForLog("waiting for approval"), "\(agent.log)")
        let id = try String(contentsOfFile: agentData + "/agent.id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pending = try await agents(vantage, config, tenant: tenant, env: env)
        #expect(pending.first?["id"] as? String == id && pending.first?["status"] as? String == "pending", "\(pending)")
        #expect(pending.first?["address"] as? String == "10.77.1.2", "the address the server saw: \(pending)")
        #expect(pending.first?["name"] as? String == "edge-1")
        #expect((pending.first?["plugins"] as? [String]) == ["tcp", "icmp"], "\(pending)")
        #expect(!FileManager.default.fileExists(atPath: agentData + "/credential"), "no credential before approval")

        // Approved through the CLI: the server picks it up at the next heartbeat.
        let approved = try await Executables.run(vantage, ["agents", "approve", "--config", config, "--tenant", tenant, "--label", "eu", id], environment: env)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(await agent.waitForLog("received and saved this agent's credential"), "\(agent.log)")
        let mode = try FileManager.default.attributesOfItem(atPath: agentData + "/credential")[.posixPermissions] as? Int
        #expect(mode == 0o600, "the credential is private to the agent's user")
        try await waitFor("the agent online") { try await agents(vantage, config, tenant: tenant, env: env).first?["online"] as? Bool == true }

        // A monitor located on the agent (by id), of an address only the agent's namespace
        // reaches: every result comes from the agent, and none from the server.
        let (loginStatus, loginBody) = try await request("POST", "/api/v1/auth/login", port: server.port,
                                                         body: #"{"login":"ops","password":"a-good-password-1"}"#)
        try #require(loginStatus == 200, "\(loginBody)")
        let token = try #require(((try? JSONSerialization.jsonObject(with: Data(loginBody.utf8))) as? [String: Any])?["token"] as? String)
        let (createdStatus, createdBody) = try await request("POST", "/api/v1/monitors", port: server.port, body: """
            {"name":"behind-the-agent","kind":"icmp","target":"10.88.1.1","interval":1,"timeout":1,"locations":["\(id)"]}
            """, token: token)
        try #require(createdStatus == 201, "\(createdBody)")
        let monitorID = try #require(((try? JSONSerialization.jsonObject(with: Data(createdBody.utf8))) as? [String: Any])?["id"] as? String)
        var results: [[String: Any]] = []
        try await waitFor("three results from the agent") {
            let (_, body) = try await request("GET", "/api/v1/monitors/\(monitorID)/results", port: server.port, token: token)
            results = ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            return results.count >= 3
        }
        #expect(results.allSatisfy { $0["location"] as? String == id }, "every result is the agent's: \(results)")
        #expect(results.allSatisfy { ($0["result"] as? [String: Any])?["status"] as? String == "up" }, "the agent reaches 10.88.1.1: \(results)")
        let (_, monitorBody) = try await request("GET", "/api/v1/monitors/\(monitorID)", port: server.port, token: token)
        #expect(monitorBody.contains(#""status":"up""#), "the monitor's state follows its one location: \(monitorBody)")

        // SIGKILL, then a restart without the secret: same UUID, the credential admits it.
        await agent.kill()
        let restarted = try AgentProcess(namespace: agentNamespace(1), arguments: agentArguments, environment: [:],
                                         logFile: directory.appendingPathComponent("agent-restarted.log"))
        defer { restarted.stop() }
        #expect(await restarted.waitForLog("connected and approved"), "\(restarted.log)")
        #expect(restarted.log.contains(id), "the same UUID after SIGKILL: \(restarted.log)")
        #expect(try await agents(vantage, config, tenant: tenant, env: env).count == 1, "no second agent enrolled")

        // Revoked through the CLI: the open connection is closed and the agent refused.
        let revoked = try await Executables.run(vantage, ["agents", "revoke", "--config", config, "--tenant", tenant, id], environment: env)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(await restarted.waitForLog("this agent was rejected or revoked"), "\(restarted.log)")
        let after = try await agents(vantage, config, tenant: tenant, env: env)
        #expect(after.first?["status"] as? String == "revoked" && after.first?["online"] as? Bool == false, "\(after)")
    }
}
