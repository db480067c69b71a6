import FixtureServers
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `vantage serve` process listening on a free port, its output kept in a log file.
///
/// Everything that waits (the start, a request, the exit) runs off the concurrency pool's two
/// threads: a test blocked in a read there would stall every other test in the process.
final class ServerProcess: Sendable {
    let child: ChildProcess
    let port: Int

    /// Starts the server and waits (up to 30 s) for the line that names its address.
    static func start(executable: String, arguments: [String], directory: URL, environment: [String: String] = [:]) async throws -> ServerProcess {
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-serve-\(UUID().uuidString).log")
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment,
                                     directory: directory.path, logFile: logFile)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && child.isRunning {
            let log = child.log
            if let range = log.range(of: #"address=[0-9.]+:(\d+)"#, options: .regularExpression),
               let port = Int(log[range].split(separator: ":").last ?? ""), port != 0 {
                return ServerProcess(child: child, port: port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.send(SIGKILL)
        _ = await child.waitForExit()
        throw Executables.Missing(description: "server did not start: \(child.log)")
    }

    private init(child: ChildProcess, port: Int) {
        self.child = child
        self.port = port
    }

    /// Whether the server has not exited yet.
    var isRunning: Bool { child.isRunning }

    /// What the server has logged so far.
    var log: String { child.log }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        child.send(SIGTERM)
        return await child.waitForExit()
    }

    /// Sends SIGKILL and waits for the process to be gone.
    func kill() async {
        child.send(SIGKILL)
        _ = await child.waitForExit()
    }

    /// Sends SIGTERM without waiting: for `defer`, which cannot await.
    func stop() {
        child.send(SIGTERM)
    }

    /// One HTTP/1.1 request to the server.
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil,
                 headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        let port = port
        var headers = headers
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let all = headers
        return try await onOwnThread { try RawHTTP.exchange(port: port, method: method, path: path, body: body, headers: all) }
    }
}
