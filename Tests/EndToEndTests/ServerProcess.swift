import FixtureServers
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `vantage serve` process listening on a free port.
///
/// Everything that waits (the start, a request, the exit) runs on a thread of its own
/// (`onOwnThread`): a test blocked in a pipe read holds one of the concurrency pool's two
/// threads, and two of them stall every other test in the process.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private(set) var port = 0

    /// Starts the server and waits (up to 30 s) for the line that names its address.
    static func start(executable: String, arguments: [String], directory: URL, environment: [String: String] = [:]) async throws -> ServerProcess {
        try await onOwnThread { try ServerProcess(executable: executable, arguments: arguments, directory: directory, environment: environment) }
    }

    private init(executable: String, arguments: [String], directory: URL, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        let handle = output.fileHandleForReading
        var log = ""
        while port == 0 && Date() < deadline && process.isRunning {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"address=[0-9.]+:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last ?? "") ?? 0
            }
        }
        guard port != 0 else {
            process.terminate()
            throw Executables.Missing(description: "server did not start: \(log)")
        }
        // Keep reading what the server logs: a full pipe would block its next log line.
        Thread { while !handle.availableData.isEmpty {} }.start()
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        process.terminate()
        return await waitForExit()
    }

    /// Sends SIGKILL and waits for the process to be gone.
    func kill() async {
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit()
    }

    /// Sends SIGTERM without waiting: for `defer`, which cannot await.
    func stop() {
        if process.isRunning { process.terminate() }
    }

    private func waitForExit() async -> Int32 {
        (try? await onOwnThread { [self] in
            process.waitUntilExit()
            return process.terminationStatus
        }) ?? -1
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
