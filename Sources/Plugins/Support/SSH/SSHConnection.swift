import Dispatch
import Foundation

/// One pooled connection to one host: a libssh2 session kept between commands, driven on a
/// serial dispatch queue of its own (libssh2 calls block that queue's thread, never the Swift
/// concurrency pool or an event loop). Commands on one connection run one after another.
///
/// A session that fails is dropped and the next command connects again; a command that failed
/// because a reused session had died (the server restarted, a NAT forgot the flow) is retried
/// once on a new session. Authentication failures and host-key changes are never retried.
public final class SSHConnection: @unchecked Sendable {
    /// Where it connects.
    public let endpoint: SSHEndpoint
    private let timeouts: SSHTimeouts
    private let queue: DispatchQueue
    // Touched only on `queue`.
    private var session: SSHSession?
    private var lastUsed = ContinuousClock.now
    private let state = LockedState()

    /// Creates a connection; it connects on its first command.
    public init(endpoint: SSHEndpoint, timeouts: SSHTimeouts = SSHTimeouts()) {
        self.endpoint = endpoint
        self.timeouts = timeouts
        queue = DispatchQueue(label: "vantage.ssh.\(endpoint.host)")
    }

    /// Runs `command`; throws `SSHError`. The output carries the server's host key.
    public func run(_ command: SSHCommand) async throws -> SSHCommandOutput {
        let line = try ShellQuoting.supervisedCommandLine(command.arguments)
        state.begin()
        defer { state.end() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.runOnQueue(line, command) })
            }
        }
    }

    /// Connects (or reuses the session) and reports the host key, without running anything.
    public func connect() async throws -> SSHHostKey {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try self.sessionOnQueue().session.hostKey }) }
        }
    }

    /// Closes the session, if any; the next command connects again.
    public func close() {
        queue.async { self.dropSession() }
    }

    /// Closes the session and returns once it is closed: for shutdown, so that no session is
    /// still being torn down (in libssh2 and OpenSSL) while the process exits.
    public func closeAndWait() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                self.dropSession()
                done.resume()
            }
        }
    }

    /// Seconds since the last command ended, or nil while one runs or waits.
    var idleSeconds: Double? { state.idleSeconds }

    private func runOnQueue(_ line: String, _ command: SSHCommand) throws -> SSHCommandOutput {
        let (session, reused) = try sessionOnQueue()
        do {
            return try execute(line, command, on: session)
        } catch let error as SSHError where error.isConnectionLoss && reused {
            dropSession()
            return try execute(line, command, on: try sessionOnQueue().session)
        } catch let error as SSHError where error.isConnectionLoss {
            dropSession()
            throw error
        }
    }

    private func execute(_ line: String, _ command: SSHCommand, on session: SSHSession) throws -> SSHCommandOutput {
        var output = try session.run(line, timeout: command.timeout, outputLimit: command.outputLimit)
        output.hostKey = session.hostKey
        lastUsed = .now
        return output
    }

    /// The open session, or a new one; `reused` tells whether it served a command before.
    private func sessionOnQueue() throws -> (session: SSHSession, reused: Bool) {
        if let session {
            let idle = lastUsed.duration(to: .now)
            if idle > .seconds(timeouts.idle) {
                dropSession()
            } else if (try? session.keepalive()) != nil {
                return (session, true)
            } else {
                dropSession()
            }
        }
        let fresh = try SSHSession(endpoint: endpoint, timeouts: timeouts)
        session = fresh
        lastUsed = .now
        return (fresh, false)
    }

    private func dropSession() {
        session?.shutdown()
        session = nil
    }

    /// How many commands are running or queued, and since when the connection is idle.
    private final class LockedState: @unchecked Sendable {
        private let lock = NSLock()
        private var active = 0
        private var idleSince = ContinuousClock.now

        func begin() { lock.withLock { active += 1 } }
        func end() { lock.withLock { active -= 1; idleSince = .now } }
        var idleSeconds: Double? {
            lock.withLock {
                guard active == 0 else { return nil }
                let elapsed = idleSince.duration(to: .now)
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            }
        }
    }
}
