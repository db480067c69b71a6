import Foundation
import Kernel
import KernelTesting
import Testing

@Suite("vantage serve as a process", .serialized)
struct ServeTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-serve-\(UUID())")

    func start() async throws -> ServerProcess {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("Plugins.json")
        try Data(#"{"plugins":[{"plugin":"store.sqlite"},{"plugin":"probe.tcp"},{"plugin":"auth.password","config":{"bcryptCost":10,"registration":"open"}},{"plugin":"auth.jwt"}]}"#.utf8).write(to: config)
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

/// A listening socket on 127.0.0.1 that the kernel completes handshakes for.
final class TCPTarget {
    let fd: Int32
    let port: Int
    /// After `close`, a socket bound to the port without listening: connects are refused, and
    /// no other test can take the port meanwhile (a closed port once went to a parallel test,
    /// and a probe that expected `refused` found it `up`).
    private var holder: Int32 = -1

    init() throws {
        let fd = Self.socketSharingThePort()
        self.fd = fd
        var address = Self.loopback(port: 0)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 128)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: bound.sin_port))
    }

    deinit { if holder >= 0 { Glibc.close(holder) } }

    /// Stops listening; the port stays taken, so a connect to it is refused.
    func close() {
        holder = Self.socketSharingThePort()
        var address = Self.loopback(port: port)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        Glibc.close(fd)
    }

    /// A TCP socket with `SO_REUSEPORT`, so a second one can be bound to the listener's port.
    private static func socketSharingThePort() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return address
    }
}
