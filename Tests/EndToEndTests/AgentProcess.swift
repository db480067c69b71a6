import FixtureServers
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `vantage agent` process in a network namespace, its output kept in a log file that
/// tests read.
final class AgentProcess: Sendable {
    let child: ChildProcess

    /// Starts `vantage agent ARGUMENTS` in `namespace` with `environment` added (and no
    /// `VANTAGE_AGENT_SECRET` but the one `environment` gives).
    init(namespace: String, arguments: [String], environment: [String: String], logFile: URL) throws {
        var variables: [String: String?] = ["VANTAGE_AGENT_SECRET": nil]
        for (name, value) in environment { variables[name] = value }
        child = try ChildProcess(executable: "/usr/sbin/ip",
                                 arguments: ["netns", "exec", namespace, try Executables.path("vantage"), "agent"] + arguments,
                                 environment: variables, logFile: logFile)
    }

    /// What the agent has logged so far.
    var log: String { child.log }

    /// Waits (up to `seconds`) until the log contains `text`.
    func waitForLog(_ text: String, seconds: Double = 20) async -> Bool {
        await child.waitForLog(text, seconds: seconds)
    }

    /// Sends SIGKILL and waits for the process to be gone.
    func kill() async {
        child.send(SIGKILL)
        _ = await child.waitForExit()
    }

    /// Sends SIGTERM and waits for the exit status.
    func terminate() async -> Int32 {
        child.send(SIGTERM)
        return await child.waitForExit()
    }

    /// Sends SIGTERM without waiting: for `defer`.
    func stop() {
        child.send(SIGTERM)
    }
}
