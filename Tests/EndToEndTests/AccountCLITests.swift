import FixtureServers
import Foundation
import Kernel
import Testing

@Suite("accounts from the command line", .serialized)
struct AccountCLITests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-accounts-\(UUID())")
    let secret = String(repeating: "cli-secret-", count: 4)

    func configFile() throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("Plugins.json").path
        let json = """
            {"server":{"dataDirectory":"\(directory.appendingPathComponent("data").path)"},
             "plugins":[{"plugin":"store.sqlite"},{"plugin":"auth.password","config":{"bcryptCost":10,"registration":"closed"}},
                        {"plugin":"auth.jwt"},{"plugin":"auth.api_key"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theFirstAdministratorAndAnAPIKeyAreMadeOnAHeadlessServer() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try configFile()
        let vantage = try Executables.path("vantage")
        let env = ["VANTAGE_JWT_SECRET": secret, "ADMIN_PASSWORD": "a-good-password-1"]
        let created = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "ops@example.org", "--username", "ops",
                                                    "--password-env", "ADMIN_PASSWORD", "--admin"], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created user ops <ops@example.org>"))
        #expect(created.stdout.contains("(administrator)"))
        let fromStdin = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "dev@example.org", "--username", "dev"],
                                            environment: env, input: "another-good-1\n")
        #expect(fromStdin.status == 0, "the password can come from standard input: \(fromStdin.stderr)")
        let weak = try await Executables.run(vantage, ["user", "create", "--config", config, "--email", "x@example.org", "--username", "xavier"],
                                       environment: env, input: "weak\n")
        #expect(weak.status == 64)
        #expect(weak.stderr.contains("password: must be at least 10 characters"))

        let server = try await ServerProcess.start(executable: vantage, arguments: ["serve", "--config", config, "--listen", "127.0.0.1:0"],
                                       directory: directory, environment: env)
        defer { server.stop() }
        let login = try await server.request("POST", "/api/v1/auth/login", body: #"{"login":"ops","password":"a-good-password-1"}"#)
        #expect(login.status == 200)
        let token = try #require((try JSONValue.parse(Data(login.body.utf8))).objectValue?["token"].flatMap { if case .string(let t) = $0 { t } else { nil } })
        let me = try JSONValue.parse(Data(try await server.request("GET", "/api/v1/auth/me", token: token).body.utf8))
        guard case .array(let tenants)? = me.objectValue?["tenants"], case .string(let tenant)? = tenants.first?.objectValue?["id"] else {
            Issue.record("no tenant")
            return
        }
        let key = try await Executables.run(vantage, ["apikey", "create", "--config", config, "--tenant", tenant, "--name", "agent",
                                                "--scopes", "read,ingest", "--expires-in-days", "30"], environment: env)
        #expect(key.status == 0, "\(key.stderr)")
        let secretKey = key.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secretKey.hasPrefix("vk_"))
        let listed = try await server.request("GET", "/api/v1/monitors", headers: ["X-API-Key": secretKey])
        #expect(listed.status == 200, "the key works against the running server")
        let badScope = try await Executables.run(vantage, ["apikey", "create", "--config", config, "--tenant", tenant, "--name", "x", "--scopes", "root"], environment: env)
        #expect(badScope.status == 64)
        #expect(badScope.stderr.contains("--scopes: unknown scope 'root' (allowed: read, write, ingest, admin)"))
    }

    @Test(arguments: [(nil as String?, "is not set"), ("too-short", "holds 9 bytes; the HS256 secret needs at least 32")])
    func startUpRefusesAMissingOrShortSecretSayingHowToSetIt(_ value: String?, _ message: String) async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try configFile()
        var environment = ProcessInfo.processInfo.environment
        environment["VANTAGE_JWT_SECRET"] = value
        let (status, _, stderr) = try await FixturePaths.capture(try Executables.path("vantage"), ["serve", "--config", config, "--listen", "127.0.0.1:0"],
                                                                 environment: environment)
        #expect(status == 78)
        #expect(stderr.contains(message), "\(stderr)")
        #expect(stderr.contains("export VANTAGE_JWT_SECRET=\"$(openssl rand -base64 48)\""))
        if let value { #expect(!stderr.contains(value), "the secret is not echoed") }
    }
}
