import FixtureServers
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `vantage agent` process in a network namespace, its output kept in a log file that
/// tests read.
final class AgentProcess: @unchecked Sendable {
    let process = Process()
    let logFile: URL

    /// Starts `vantage agent ARGUMENTS` in `namespace` with `environment` added.
    init(namespace: String, arguments: [String], environment: [String: String], logFile: URL) throws {
        self.logFile = logFile
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        handle.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, try Executables.path("vantage"), "agent"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["VANTAGE_AGENT_SECRET"] = nil
        process.environment = env.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// What the agent has logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits (up to `seconds`) until the log contains `text`.
    func waitForLog(_ text: String, seconds: Double = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if log.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Sends SIGKILL and waits for the process to be gone.
    func kill() async {
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = try? await onOwnThread { [self] in process.waitUntilExit() }
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        process.terminate()
        return (try? await onOwnThread { [self] in
            process.waitUntilExit()
            return process.terminationStatus
        }) ?? -1
    }

    /// Sends SIGTERM without waiting: for `defer`.
    func stop() {
        if process.isRunning { process.terminate() }
    }
}
