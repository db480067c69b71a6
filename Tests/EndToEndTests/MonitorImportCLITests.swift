import FixtureServers
import Foundation
import Kernel
import KernelTesting
import Testing

/// `vantage monitors import`: thousands of monitors from a file, validated as the API
/// validates them, all or none, and scheduled by the server.
@Suite("monitor import from the command line", .serialized)
struct MonitorImportCLITests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-import-\(UUID())")
    let environment = ["VANTAGE_JWT_SECRET": String(repeating: "import-secret-", count: 3), "ADMIN_PASSWORD": "a-good-password-1"]

    func configFile() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("Plugins.json").path
        let json = """
            {"server":{"dataDirectory":"\(directory.appendingPathComponent("data").path)"},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.password","config":{"bcryptCost":10}},{"plugin":"auth.jwt"},
                        {"plugin":"probe.tcp"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ text: String, to name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileOfMonitorsIsImportedAllOrNoneAndScheduled() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try configFile()
        let vantage = try Executables.path("vantage")
        let created = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "ops@example.org", "--username", "ops",
                                                          "--password-env", "ADMIN_PASSWORD", "--admin"], environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let tenant = try #require(created.stdout.components(separatedBy: ", tenant ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let closed = try SilentListener.closedPort()

        // NDJSON as a spreadsheet export writes it: CRLF line endings and a blank line.
        let lines = (0..<2000).map { #"{"name":"m\#($0)","kind":"tcp","target":"127.0.0.1:\#(closed)","interval":300}"# }
        let ndjson = try write(lines.prefix(1000).joined(separator: "\r\n") + "\r\n\r\n" + lines.dropFirst(1000).joined(separator: "\r\n") + "\r\n",
                               to: "monitors.ndjson")
        let imported = try await Executables.run(vantage, ["monitors", "import", "--config", config, "--tenant", tenant, ndjson], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2000 monitors into tenant \(tenant)"))

        let bad = try write("""
            {"name":"fine","kind":"tcp","target":"127.0.0.1:\(closed)","interval":60}
            {"name":"fine too","kind":"tcp","target":"127.0.0.1:\(closed)","interval":60}
            {"name":"too fast","kind":"tcp","target":"127.0.0.1:\(closed)","interval":0}
            {"name":"typo","kind":"tcp","target":"127.0.0.1:\(closed)","interval":60,"intervall":5}
            {"name":"gopher","kind":"gopher","target":"x:70","interval":60}
            not json
            """, to: "bad.ndjson")
        let refused = try await Executables.run(vantage, ["monitors", "import", "--config", config, "--tenant", tenant, bad], environment: environment)
        #expect(refused.status == 64)
        for expected in ["line 3.interval", "line 4.intervall", "line 6: is not a JSON object"] {
            #expect(refused.stderr.contains(expected), "\(expected) in \(refused.stderr)")
        }
        let array = try write(#"[{"name":"a","kind":"tcp","target":"127.0.0.1:\#(closed)","interval":60}, {"name":"b","kind":"gopher","target":"x:70","interval":60}]"#,
                              to: "bad.json")
        let refusedArray = try await Executables.run(vantage, ["monitors", "import", "--config", config, "--tenant", tenant, array], environment: environment)
        #expect(refusedArray.status == 64)
        #expect(refusedArray.stderr.contains("[1].kind: no enabled probe of kind 'gopher'"), "\(refusedArray.stderr)")

        let server = try await ServerProcess.start(executable: vantage, arguments: ["serve", "--config", config, "--listen", "127.0.0.1:0"],
                                       directory: directory, environment: environment)
        defer { server.stop() }
        let login = try await server.request("POST", "/api/v1/auth/login", body: #"{"login":"ops","password":"a-good-password-1"}"#)
        let token = try #require(try JSONValue.parse(Data(login.body.utf8))["token"]?.stringValue)
        // The scheduler loads the monitors after the listener is up.
        let scheduled = await eventually {
            ((try? await server.request("GET", "/metrics", token: token).body) ?? "").contains("vantage_monitors_scheduled 2000.0\n")
        }
        let gauge = ((try? await server.request("GET", "/metrics", token: token).body) ?? "").split(separator: "\n").filter { $0.contains("vantage_monitors_scheduled") }
        #expect(scheduled, "the 2,000 imported monitors and nothing of the refused files are scheduled: \(gauge)")
        let first = try JSONValue.parse(Data(try await server.request("GET", "/api/v1/monitors?limit=1", token: token).body.utf8))
        #expect(first["items"]?.arrayValue?.first?["name"] == .string("m0"), "in file order")
    }
}
