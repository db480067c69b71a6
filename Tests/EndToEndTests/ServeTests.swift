import Foundation
import Kernel
import KernelTesting
import Testing

@Suite("vantage serve as a process", .serialized)
struct ServeTests {
    var directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-serve-\(UUID())")

    /// Starts `vantage serve` on SQLite with tcp monitors and accounts, and `extraPlugins`
    /// (`,{"plugin":"auth.api_key"}`).
    func start(extraPlugins: String = "") async throws -> ServerProcess {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("Plugins.json")
        try Data(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tcp"},{"plugin":"auth.password","config":{"bcryptCost":10,"registration":"open"}},{"plugin":"auth.jwt"}\#(extraPlugins)]}"#.utf8).write(to: config)
        return try await ServerProcess.start(executable: try Executables.path("vantage"),
                                 arguments: ["serve", "--config", config.path, "--listen", "127.0.0.1:0", "--data-dir", directory.appendingPathComponent("data").path],
                                 directory: directory, environment: ["VANTAGE_JWT_SECRET": Self.secret])
    }

    static let secret = String(repeating: "e2e-secret-", count: 4)

    func token(_ server: ServerProcess, register: Bool) async throws -> String {
        let credentials = #"{"email":"ops@example.org","username":"ops","password":"a-good-password-1"}"#
        let reply = register ? try await server.request("POST", "/api/v1/auth/register", body: credentials)
                             : try await server.request("POST", "/api/v1/auth/login", body: #"{"login":"ops","password":"a-good-password-1"}"#)
        guard case .string(let token)? = field(reply.body, "token") else { throw Executables.Missing(description: "no token: \(reply.body)") }
        return token
    }

    func field(_ body: String, _ key: String) -> JSONValue? {
        (try? JSONValue.parse(Data(body.utf8)))?.objectValue?[key]
    }

    @Test func stopsGracefullyOnSIGTERMAndKeepsStateAndScheduleAcrossARestart() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = try TCPTarget()
        defer { target.close() }
        var server = try await start()
        let token = try await token(server, register: true)
        let created = try await server.request("POST", "/api/v1/monitors",
                                         body: #"{"name":"t","kind":"tcp","target":"127.0.0.1:\#(target.port)","interval":2,"timeout":1}"#, token: token)
        #expect(created.status == 201)
        guard case .string(let id)? = field(created.body, "id") else {
            Issue.record("no id: \(created.body)")
            return
        }
        let running = server
        #expect(try await eventually(within: 30) { field(try await running.request("GET", "/api/v1/monitors/\(id)", token: token).body, "status") == .string("up") })
        #expect(await server.terminate() == 0, "SIGTERM ends the server cleanly")

        server = try await start()
        defer { server.stop() }
        let again = try await self.token(server, register: false)
        #expect(try await server.request("GET", "/api/v1/monitors/\(id)", token: token).status == 200, "a token survives the restart")
        let afterRestart = try await server.request("GET", "/api/v1/monitors/\(id)", token: again)
        #expect(field(afterRestart.body, "status") == .string("up"), "status survives the restart: \(afterRestart.body)")
        #expect(field(afterRestart.body, "nextRunAt") != nil)
        let restarted = server
        #expect(try await eventually(within: 30) {
            let results = try await restarted.request("GET", "/api/v1/monitors/\(id)/results", token: again).body
            if case .array(let items)? = field(results, "items") { return items.count >= 2 }
            return false
        })
        let ready = try await server.request("GET", "/health/ready")
        #expect(ready.status == 200)
    }
}
