import Foundation

/// A shell loop spinning on CPU 0 at nice 19, for the CPU truth tests: alone it takes the
/// whole core; beside other work it takes only what nothing else wants. Killed by `stop()`.
public final class BusyLoop: Sendable {
    /// The loop's process id (`sh`, after `nice` and `taskset` exec into it).
    public let pid: pid_t
    private let log: String

    /// Starts the loop.
    public init() throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("vantage-busy-\(UUID().uuidString)").path
        pid = try FixturePaths.spawn("/usr/bin/nice", ["-n", "19", "/usr/bin/taskset", "-c", "0", "/bin/sh", "-c", "while :; do :; done"], output: log)
    }

    /// Kills the loop and reaps it.
    public func stop() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        unlink(log)
    }
}
