import FixtureServers
import Foundation
import Kernel
import Testing

/// `vantage hosts add|list|test` and `vantage probe mtr TARGET --via HOST`, the built binary
/// against a private sshd and the real mtr.
@Suite("SSH hosts from the command line", .serialized)
struct HostsCLITests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-hosts-cli-\(UUID())")

    func configFile() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("Plugins.json").path
        let json = """
            {"server":{"dataDirectory":"\(directory.appendingPathComponent("data").path)"},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.mtr"},{"plugin":"probe.mtr_ssh"},{"plugin":"probe.tcp"},
                        {"plugin":"auth.password","config":{"bcryptCost":10,"registration":"closed"}},{"plugin":"auth.jwt"},{"plugin":"auth.api_key"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func hostsAreAddedListedTestedAndTracedFrom() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await SSHDFixture.shared()
        let config = try configFile()
        let vantage = try Executables.path("vantage")
        let env = ["VANTAGE_JWT_SECRET": String(repeating: "cli-secret-", count: 4), "ADMIN_PASSWORD": "a-good-password-1"]
        let admin = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "ops@example.org", "--username", "ops",
                                                        "--password-env", "ADMIN_PASSWORD", "--admin"], environment: env)
        let tenant = try #require(admin.stdout.components(separatedBy: "tenant ").last?.trimmingCharacters(in: .whitespacesAndNewlines), "\(admin.stderr)")

        let added = try await Executables.run(vantage, ["hosts", "add", "--config", config, "--tenant", tenant, "--name", "edge", "--address", server.address,
                                                        "--port", String(server.port), "--user", "vssh-ed25519", "--key", server.keyPath("ed25519"),
                                                        "--location", "Loopback"], environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        let id = try #require(added.stdout.components(separatedBy: " id ").last?.split(separator: " ").first.map(String.init), "\(added.stdout)")
        let withPassword = try await Executables.run(vantage, ["hosts", "add", "--config", config, "--tenant", tenant, "--name", "pw",
                                                               "--address", server.address, "--port", String(server.port), "--user", "vssh-password"],
                                                     environment: env, input: "fixture-pass\n")
        #expect(withPassword.status == 0, "the password comes from standard input: \(withPassword.stderr)")
        let hostile = try await Executables.run(vantage, ["hosts", "add", "--config", config, "--tenant", tenant, "--name", "bad",
                                                          "--address", "$(id)", "--user", "u", "--password-env", "ADMIN_PASSWORD"], environment: env)
        #expect(hostile.status == 64 && hostile.stderr.contains("address"), "\(hostile.stderr)")

        let listed = try await Executables.run(vantage, ["hosts", "list", "--config", config, "--tenant", tenant], environment: env)
        #expect(listed.stdout.contains("\(id)  edge  vssh-ed25519@\(server.address):\(server.port)  Loopback  (key not pinned yet)"), "\(listed.stdout)")
        #expect(listed.stdout.contains("  pw  vssh-password@"))
        #expect(!listed.stdout.contains("fixture-pass"))

        let tested = try await Executables.run(vantage, ["hosts", "test", "--config", config, "--tenant", tenant, id], environment: env)
        #expect(tested.status == 0, "\(tested.stdout) \(tested.stderr)")
        #expect(tested.stdout.contains("authenticated: yes"))
        #expect(tested.stdout.contains("host key:      \(try await server.hostFingerprint()) (ssh-ed25519), pinned now"), "\(tested.stdout)")
        #expect(tested.stdout.contains("mtr:           0.9"))

        let traced = try await Executables.run(vantage, ["probe", "mtr", "127.0.0.1", "--via", "\(id),local", "--config", config, "-c", "2"], environment: env)
        #expect(traced.status == 0, "\(traced.stdout) \(traced.stderr)")
        #expect(traced.stdout.contains("from edge (Loopback)"), "\(traced.stdout)")
        #expect(traced.stdout.contains("from this machine"), "\(traced.stdout)")
        #expect(traced.stdout.components(separatedBy: "1.|-- 127.0.0.1").count == 3, "one report per origin: \(traced.stdout)")
        #expect(traced.stdout.contains("mtr_ssh 127.0.0.1: up"))

        let marker = "/tmp/vantage-cli-marker-\(UUID().uuidString)"
        let refused = try await Executables.run(vantage, ["probe", "mtr", "127.0.0.1;touch \(marker)", "--via", id, "--config", config], environment: env)
        #expect(refused.status == 64 && refused.stderr.contains("target"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        let notMTR = try await Executables.run(vantage, ["probe", "tcp", "127.0.0.1:22", "--via", id, "--config", config], environment: env)
        #expect(notMTR.status == 64 && notMTR.stderr.contains("only mtr"), "\(notMTR.stderr)")
        let unknown = try await Executables.run(vantage, ["probe", "mtr", "127.0.0.1", "--via", RemoteHostID.random().description, "--config", config], environment: env)
        #expect(unknown.status == 64 && unknown.stderr.contains("no host"), "\(unknown.stderr)")
    }
}
