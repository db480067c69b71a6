import FixtureServers
import Foundation

/// Runs the built executables (`swift build` puts them in `.build/debug`; set
/// `VANTAGE_BIN_DIR` to use another build directory).
enum Executables {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    static func path(_ name: String) throws -> String {
        let directory = ProcessInfo.processInfo.environment["VANTAGE_BIN_DIR"]
            ?? packageRoot.appendingPathComponent(".build/debug").path
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "\(path) is not built: run `swift build` before `swift test` (the README's test command does)")
        }
        return path
    }

    struct Missing: Error, CustomStringConvertible { let description: String }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion on a thread of its own (posix_spawn and waitpid), so a
    /// test waiting for it blocks none of the concurrency pool's few threads.
    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String] = [:],
                    input: String? = nil) async throws -> Outcome {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (status, stdout, stderr) = try await FixturePaths.capture(executable, arguments, input: input, directory: directory?.path,
                                                                      environment: merged)
        return Outcome(status: status, stdout: stdout, stderr: stderr)
    }
}

/// A `vantage serve` process listening on a free port.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private(set) var port = 0
    private var log = ""

    init(executable: String, arguments: [String], directory: URL, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        let handle = output.fileHandleForReading
        while port == 0 && Date() < deadline && process.isRunning {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
            if let range = log.range(of: #"address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(log[range].split(separator: ":").last ?? "") ?? 0
            }
        }
        guard port != 0 else { throw Executables.Missing(description: "server did not start: \(log)") }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// One HTTP/1.1 request to the server.
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil) throws -> (status: Int, body: String) {
        try RawHTTP.exchange(port: port, method: method, path: path, body: body,
                             headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }
}
