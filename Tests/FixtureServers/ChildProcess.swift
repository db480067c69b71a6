import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn` whose output goes to a log file: what end-to-end tests
/// start instead of Foundation's `Process`.
///
/// Foundation's `Process` with a `Pipe` aborted a clean-clone CI run twice over: a
/// `FileHandle.availableData` read interrupted by a signal is a fatal error (EINTR is not
/// retried), and `Process.run()` called from several threads at once crashed in `memcpy`.
/// Here the child's output goes to a file (no pipe to keep drained), and its exit is polled with
/// `waitpid(WNOHANG)` under a lock, so `isRunning` and a waiting test never race to reap it.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// Where the child's standard output and standard error go.
    public let logFile: URL
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable ARGUMENTS` with `environment` added to (or, with a nil value, removed
    /// from) this process's environment, appending its output to `logFile`.
    public init(executable: String, arguments: [String], environment: [String: String?] = [:],
                directory: String? = nil, logFile: URL) throws {
        self.logFile = logFile
        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment { variables[name] = value }
        pid = try FixturePaths.spawn(executable, arguments, output: logFile.path, directory: directory,
                                     environment: variables)
    }

    /// What the child has logged so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { reap() == nil }

    /// The exit status (128 + the signal for a child a signal ended), once it has exited.
    public func reap() -> Int32? {
        exitStatus.withLock { saved in
            if let saved { return saved }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result < 0 && errno == EINTR
            guard result == pid else { return nil }
            saved = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return saved
        }
    }

    /// Sends `signal` unless the child has already exited.
    public func send(_ signal: Int32) {
        if isRunning { _ = Glibc.kill(pid, signal) }
    }

    /// Waits (polling every 20 ms, on a thread of its own) for the exit status.
    public func waitForExit() async -> Int32 {
        (try? await onOwnThread { [self] in
            while true {
                if let status = reap() { return status }
                usleep(20_000)
            }
        }) ?? -1
    }

    /// Waits (up to `seconds`) until the log contains `text`.
    public func waitForLog(_ text: String, seconds: Double = 20) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if log.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
