import FixtureServers
import Foundation
import Kernel
import Testing

/// `vantage collect local|HOST_ID`: the built binary reading this machine and, over a private
/// sshd, the same machine as an SSH host.
@Suite("vantage collect", .serialized)
struct CollectCLITests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-collect-cli-\(UUID())")

    @Test("collect local prints memory as free does, the root filesystem as df does, CPU and processes")
    func local() async throws {
        let vantage = try Executables.path("vantage")
        let run = try await Executables.run(vantage, ["collect", "local", "--interval", "0.5", "--config", "/nonexistent/Plugins.json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "\n")
        #expect(lines.first?.contains("kernel ") == true, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("cpu: ") && $0.contains("% busy (over ") }, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("Mem:") } && lines.contains { $0.hasPrefix("Swap:") })
        #expect(lines.contains { $0.hasPrefix("/ ") || $0.hasPrefix("/  ") }, "the root filesystem: \(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("lo ") }, "loopback's rates: \(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("PID") && $0.hasSuffix("COMMAND") })

        let json = try await Executables.run(vantage, ["collect", "local", "--interval", "0", "--json", "--config", "/nonexistent/Plugins.json"])
        let object = try #require(try JSONValue.parse(Data(json.stdout.utf8)).objectValue)
        let samples = try #require(object["samples"]?.arrayValue)
        let total = samples.first { $0.objectValue?["name"] == .string("memory_total_bytes") }?.objectValue?["value"]?.numberValue
        let free = try await FixturePaths.capture("/usr/bin/free", ["-b"])
        let mem = try #require(free.stdout.split(separator: "\n").first { $0.hasPrefix("Mem:") }).split(separator: " ")
        #expect(total == Double(mem[1]))
        #expect(object["details"]?.objectValue?["interval"] == .null, "--interval 0 reads once: CPU since boot")
    }

    @Test("bad input names the argument and exits 64")
    func badInput() async throws {
        let vantage = try Executables.path("vantage")
        let source = try await Executables.run(vantage, ["collect", "not-a-host", "--config", "/nonexistent/Plugins.json"])
        #expect(source.status == 64 && source.stderr.contains("SOURCE") && source.stderr.contains("neither local nor a host id"), "\(source.stderr)")
        let interval = try await Executables.run(vantage, ["collect", "local", "--interval", "100"])
        #expect(interval.status == 64 && interval.stderr.contains("--interval"), "\(interval.stderr)")
    }

    @Test("collect HOST_ID reads an SSH host through collector.ssh and the store's credentials")
    func remote() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await SSHDFixture.shared()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("Plugins.json").path
        let json = """
            {"server":{"dataDirectory":"\(directory.appendingPathComponent("data").path)"},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"collector.ssh","config":{"processes":false}},
                        {"plugin":"auth.password","config":{"bcryptCost":10,"registration":"closed"}},{"plugin":"auth.jwt"},{"plugin":"auth.api_key"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: config))
        let vantage = try Executables.path("vantage")
        let env = ["VANTAGE_JWT_SECRET": String(repeating: "cli-secret-", count: 4), "ADMIN_PASSWORD": "a-good-password-1"]
        let admin = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "ops@example.org", "--username", "ops",
                                                        "--password-env", "ADMIN_PASSWORD", "--admin"], environment: env)
        let tenant = try #require(admin.stdout.components(separatedBy: "tenant ").last?.trimmingCharacters(in: .whitespacesAndNewlines), "\(admin.stderr)")
        let added = try await Executables.run(vantage, ["hosts", "add", "--config", config, "--tenant", tenant, "--name", "edge", "--address", server.address,
                                                        "--port", String(server.port), "--user", "vssh-ed25519", "--key", server.keyPath("ed25519")], environment: env)
        let id = try #require(added.stdout.components(separatedBy: " id ").last?.split(separator: " ").first.map(String.init), "\(added.stdout) \(added.stderr)")
        let run = try await Executables.run(vantage, ["collect", id, "--config", config, "--interval", "0.5"], environment: env)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(run.stdout.contains("Mem:") && run.stdout.contains("% busy (over "), "\(run.stdout)")
        #expect(!run.stdout.contains("COMMAND"), "processes: false in the configuration")
        let unknown = try await Executables.run(vantage, ["collect", RemoteHostID.random().description, "--config", config], environment: env)
        #expect(unknown.status == 64 && unknown.stderr.contains("no host"), "\(unknown.stderr)")
    }
}
