import FixtureServers
import Foundation
import Testing

/// Three real agents in namespaces of their own run one monitor of 10.88.0.1, an address
/// each reaches in its own namespace: when one agent loses its target the monitor is not
/// down; when two do, it is.
@Suite("agents: N of M locations", .serialized)
struct AgentQuorumTests {
    @Test func oneBrokenVantagePointIsNotAnOutageTwoAre() async throws {
        let base = AgentNamespaceTests()
        let up = try await Executables.run("/bin/bash", [AgentNamespaceTests.script, "up", base.suffix, "3"])
        defer { _ = try? FixturePaths.run("/bin/bash", [AgentNamespaceTests.script, "down", base.suffix, "3"]) }
        try #require(up.status == 0, "\(up.stderr)")
        defer { try? FileManager.default.removeItem(at: base.directory) }
        let config = try base.configFile()
        let vantage = try Executables.path("vantage")
        let env = AgentNamespaceTests.environment
        let tenant = try await base.createAdmin(vantage, config)
        let server = try await base.serve(vantage, config)
        defer { server.stop() }
        // The agents' own configuration: probes only (no store, no authenticator).
        let agentConfig = base.directory.appendingPathComponent("agent.json").path
        try Data(#"{"plugins":[{"plugin":"probe.icmp"}]}"#.utf8).write(to: URL(fileURLWithPath: agentConfig))
        var agents: [AgentProcess] = []
        defer { for agent in agents { agent.stop() } }
        for k in 1...3 {
            let data = base.directory.appendingPathComponent("agent-\(k)").path
            let agent = try AgentProcess(namespace: base.agentNamespace(k),
                                         arguments: ["--server", "http://10.77.\(k).1:\(server.port)", "--data-dir", data, "--config", agentConfig,
                                                     "--name", "edge-\(k)"],
                                         environment: ["VANTAGE_AGENT_SECRET": AgentNamespaceTests.secret],
                                         logFile: base.directory.appendingPathComponent("agent-\(k).log"))
            agents.append(agent)
            #expect(await agent.waitForLog("waiting for approval"), "\(agent.log)")
            let id = try String(contentsOfFile: data + "/agent.id", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let approved = try await Executables.run(vantage, ["agents", "approve", "--config", config, "--tenant", tenant, "--label", "eu", id], environment: env)
            #expect(approved.status == 0, "\(approved.stderr)")
            #expect(await agent.waitForLog("received and saved this agent's credential"), "\(agent.log)")
        }

        let (loginStatus, loginBody) = try await base.request("POST", "/api/v1/auth/login", port: server.port, body: #"{"login":"ops","password":"a-good-password-1"}"#)
        try #require(loginStatus == 200, "\(loginBody)")
        let token = try #require(((try? JSONSerialization.jsonObject(with: Data(loginBody.utf8))) as? [String: Any])?["token"] as? String)
        let (created, body) = try await base.request("POST", "/api/v1/monitors", port: server.port, body: """
            {"name":"everywhere","kind":"icmp","target":"10.88.0.1","interval":1,"timeout":0.5,"locations":["eu"]}
            """, token: token)
        try #require(created == 201, "\(body)")
        let monitor = try #require(((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["id"] as? String)
        let status = {
            let (_, text) = try await base.request("GET", "/api/v1/monitors/\(monitor)", port: server.port, token: token)
            return ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["status"] as? String
        }
        try await base.waitFor("the monitor up from three locations") { try await status() == "up" }

        // One agent loses its target: one of three locations down is not an outage.
        _ = try await Executables.run("/usr/sbin/ip", ["netns", "exec", base.agentNamespace(1), "ip", "addr", "del", "10.88.0.1/32", "dev", "lo"])
        try await base.waitFor("the first location down") { try await status() == "degraded" }
        try await Task.sleep(for: .seconds(3))
        #expect(try await status() == "degraded", "still not down with one of three locations down")

        // A second one does: two of three are.
        _ = try await Executables.run("/usr/sbin/ip", ["netns", "exec", base.agentNamespace(2), "ip", "addr", "del", "10.88.0.1/32", "dev", "lo"])
        try await base.waitFor("the monitor down") { try await status() == "down" }
    }
}
