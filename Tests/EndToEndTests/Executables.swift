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
