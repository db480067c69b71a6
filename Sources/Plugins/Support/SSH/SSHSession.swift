#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Foundation

/// One authenticated libssh2 session in non-blocking mode, driven by `poll` against deadlines.
/// It blocks the thread that calls it, so it is only ever used on its `SSHConnection`'s own
/// queue — never on the Swift concurrency pool or an event loop. Not thread-safe.
final class SSHSession {
    /// The server's host key as it was presented.
    let hostKey: SSHHostKey
    private let socket: Int32
    private let session: OpaquePointer
    private var closed = false

    private static let initialised: Bool = { libssh2_init(0) == 0 }()

    /// Connects, checks the host key against `endpoint.hostKey` and authenticates, all within
    /// `timeouts.connect`.
    init(endpoint: SSHEndpoint, timeouts: SSHTimeouts) throws {
        guard Self.initialised else { throw SSHError(.sessionFailed, "libssh2 could not be initialised") }
        let deadline = ContinuousClock.now + .milliseconds(Int(timeouts.connect * 1000))
        let socket = try SSHSocket.connect(host: endpoint.host, port: endpoint.port, deadline: deadline)
        guard let session = vantage_ssh2_session_init() else {
            close(socket)
            throw SSHError(.sessionFailed, "libssh2 could not allocate a session")
        }
        libssh2_session_set_blocking(session, 0)
        let hostKey: SSHHostKey
        do {
            try Self.retry(session, socket, deadline, "in the SSH handshake with \(endpoint.host)") { libssh2_session_handshake(session, socket) } onError: { code in
                SSHError(.handshakeFailed, "SSH handshake with \(endpoint.host) port \(endpoint.port) failed: \(Self.lastError(session, code))")
            }
            hostKey = try SSHHostKey(session: session)
        } catch {
            libssh2_session_free(session)
            close(socket)
            throw error
        }
        self.socket = socket
        self.session = session
        self.hostKey = hostKey
        do {
            if case .pinned(let expected) = endpoint.hostKey, expected != hostKey.fingerprint {
                throw SSHError(.hostKeyChanged, "the host key of \(endpoint.host) port \(endpoint.port) changed: expected \(expected), the server presented \(hostKey.fingerprint); accept the new key only if you know why it changed",
                               presentedFingerprint: hostKey.fingerprint)
            }
            if timeouts.keepalive > 0 { libssh2_keepalive_config(session, 1, UInt32(timeouts.keepalive)) }
            try authenticate(endpoint, deadline: deadline)
        } catch {
            shutdown()
            throw error
        }
    }

    deinit { shutdown() }

    private func authenticate(_ endpoint: SSHEndpoint, deadline: ContinuousClock.Instant) throws {
        let user = endpoint.username
        let offered = try methodsOffered(user: user, deadline: deadline)
        if let offered, !offered.contains(endpoint.credentials.method) {
            throw SSHError(.authenticationFailed, "\(endpoint) does not accept \(endpoint.credentials.method) authentication (it offers \(offered.joined(separator: ", ")))")
        }
        let failure: (Int32) -> SSHError
        switch endpoint.credentials {
        case .password(let password):
            failure = { code in
                code == -18 ? SSHError(.authenticationFailed, "\(endpoint) refused the password")
                    : SSHError(.authenticationFailed, "password authentication as \(endpoint) failed: \(Self.lastError(self.session, code))")
            }
            try Self.retry(session, socket, deadline, "authenticating as \(endpoint)") {
                vantage_ssh2_userauth_password(session, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count))
            } onError: { failure($0) }
        case .privateKey(let key, let passphrase):
            let kind = SSHPrivateKey.kind(of: key)
            if passphrase == nil && SSHPrivateKey.isEncrypted(key) {
                throw SSHError(.invalidKey, "the private key is encrypted: give its passphrase")
            }
            failure = { code in
                if code == -19 || code == -18 {
                    return SSHError(.authenticationFailed, kind == .rsa ? SSHPrivateKey.rsaRefusedMessage(endpoint) : "\(endpoint) refused the \(kind.rawValue) key")
                }
                if code == -16 || code == -48 {  // LIBSSH2_ERROR_FILE, LIBSSH2_ERROR_KEYFILE_AUTH_FAILED
                    return SSHError(.invalidKey, passphrase == nil && SSHPrivateKey.isEncrypted(key)
                        ? "the private key is encrypted: give its passphrase"
                        : "the private key could not be read (\(kind.rawValue); a wrong passphrase, or not an OpenSSH or PEM key)")
                }
                return SSHError(.authenticationFailed, "public-key authentication as \(endpoint) failed: \(Self.lastError(self.session, code))")
            }
            try Self.retry(session, socket, deadline, "authenticating as \(endpoint)") {
                libssh2_userauth_publickey_frommemory(session, user, user.utf8.count, nil, 0, key, key.utf8.count, passphrase)
            } onError: { failure($0) }
        }
    }

    /// The methods the server offers `user`, or nil when it did not say.
    private func methodsOffered(user: String, deadline: ContinuousClock.Instant) throws -> [String]? {
        while true {
            if let list = libssh2_userauth_list(session, user, UInt32(user.utf8.count)) {
                return String(cString: list).split(separator: ",").map(String.init)
            }
            if libssh2_userauth_authenticated(session) != 0 { return nil }
            guard libssh2_session_last_errno(session) == vantage_ssh2_error_again() else { return nil }
            try waitSocket(deadline, "asking which authentication methods are offered", timeout: .connectTimeout)
        }
    }

    /// Runs `commandLine` in a new channel and collects its output, within `timeout` seconds.
    /// On timeout the channel is closed (the watchdog of `ShellQuoting.supervisedCommandLine`
    /// then kills the command) and `commandTimeout` is thrown; the session stays usable.
    func run(_ commandLine: String, timeout: Double, outputLimit: Int) throws -> SSHCommandOutput {
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int(timeout * 1000))
        let channel = try openChannel(deadline)
        var finished = false
        defer { if !finished { abandon(channel) } }
        try Self.retry(session, socket, deadline, "starting the remote command", timeout: .commandTimeout) {
            vantage_ssh2_channel_exec(channel, commandLine, UInt32(commandLine.utf8.count))
        } onError: { code in SSHError(.sessionFailed, "the server refused to start the command: \(Self.lastError(self.session, code))") }
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var buffer = [CChar](repeating: 0, count: 32 * 1024)
        while true {
            var progressed = false
            for stream in [Int32(0), 1] {
                let count = vantage_ssh2_channel_read(channel, stream, &buffer, buffer.count)
                if count > 0 {
                    progressed = true
                    let bytes = buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }
                    if stream == 0 { stdout += bytes } else { stderr += bytes }
                    if stdout.count + stderr.count > outputLimit {
                        throw SSHError(.outputTooLarge, "the remote command wrote more than \(outputLimit) bytes")
                    }
                } else if count < 0 && Int32(count) != vantage_ssh2_error_again() {
                    throw SSHError(.sessionFailed, "reading the command's output failed: \(Self.lastError(session, Int32(count)))")
                }
            }
            if progressed { continue }
            if libssh2_channel_eof(channel) != 0 { break }
            try waitSocket(deadline, "waiting for the remote command (\(formatted(timeout)) s)", timeout: .commandTimeout)
        }
        let closeBy = ContinuousClock.now + .seconds(5)
        try Self.retry(session, socket, closeBy, "closing the channel", timeout: .sessionFailed) { libssh2_channel_close(channel) } onError: { _ in SSHError(.sessionFailed, "closing the channel failed") }
        try Self.retry(session, socket, closeBy, "closing the channel", timeout: .sessionFailed) { libssh2_channel_wait_closed(channel) } onError: { _ in SSHError(.sessionFailed, "closing the channel failed") }
        let status = libssh2_channel_get_exit_status(channel)
        finished = true
        free(channel, by: closeBy)
        return SSHCommandOutput(exitStatus: Int(status), stdout: stdout, stderr: stderr, duration: started.duration(to: .now))
    }

    /// Sends a keepalive when one is due; throws when the connection is gone.
    func keepalive() throws {
        var next: Int32 = 0
        let status = libssh2_keepalive_send(session, &next)
        if status != 0 && status != vantage_ssh2_error_again() {
            throw SSHError(.sessionFailed, "keepalive failed: \(Self.lastError(session, status))")
        }
    }

    /// Disconnects and frees the session (idempotent).
    func shutdown() {
        guard !closed else { return }
        closed = true
        _ = vantage_ssh2_session_disconnect(session, "closed by Vantage")
        libssh2_session_free(session)
        close(socket)
    }

    private func openChannel(_ deadline: ContinuousClock.Instant) throws -> OpaquePointer {
        while true {
            if let channel = vantage_ssh2_channel_open_session(session) { return channel }
            let code = libssh2_session_last_errno(session)
            guard code == vantage_ssh2_error_again() else {
                throw SSHError(.sessionFailed, "the server refused a session channel: \(Self.lastError(session, code))")
            }
            try waitSocket(deadline, "opening a channel", timeout: .commandTimeout)
        }
    }

    /// Closes a channel whose command is abandoned (timeout, error), without waiting long.
    private func abandon(_ channel: OpaquePointer) {
        let by = ContinuousClock.now + .seconds(2)
        _ = try? Self.retry(session, socket, by, "closing the channel", timeout: .sessionFailed) { libssh2_channel_close(channel) } onError: { _ in SSHError(.sessionFailed, "") }
        free(channel, by: by)
    }

    private func free(_ channel: OpaquePointer, by deadline: ContinuousClock.Instant) {
        _ = try? Self.retry(session, socket, deadline, "freeing the channel", timeout: .sessionFailed) { libssh2_channel_free(channel) } onError: { _ in SSHError(.sessionFailed, "") }
    }

    private func waitSocket(_ deadline: ContinuousClock.Instant, _ what: String, timeout: SSHError.Code) throws {
        try Self.waitSocket(session, socket, deadline, what, timeout: timeout)
    }

    private static func waitSocket(_ session: OpaquePointer, _ socket: Int32, _ deadline: ContinuousClock.Instant, _ what: String, timeout: SSHError.Code) throws {
        let directions = libssh2_session_block_directions(session)
        var events: Int16 = 0
        if directions & vantage_ssh2_session_block_inbound() != 0 { events |= Int16(POLLIN) }
        if directions & vantage_ssh2_session_block_outbound() != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        try SSHSocket.wait(fd: socket, events: events, deadline: deadline, what: what, timeout: timeout)
    }

    /// Calls `body` until it stops answering EAGAIN, waiting on the socket in between; a
    /// negative answer becomes `onError`'s error.
    private static func retry(_ session: OpaquePointer, _ socket: Int32, _ deadline: ContinuousClock.Instant, _ what: String,
                              timeout: SSHError.Code = .connectTimeout, _ body: () -> Int32, onError: (Int32) -> SSHError) throws {
        while true {
            let status = body()
            if status == 0 { return }
            guard status == vantage_ssh2_error_again() else { throw onError(status) }
            try waitSocket(session, socket, deadline, what, timeout: timeout)
        }
    }

    static func lastError(_ session: OpaquePointer, _ code: Int32) -> String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        libssh2_session_last_error(session, &message, &length, 0)
        let text = message.map { String(cString: $0) } ?? ""
        return text.isEmpty ? "libssh2 error \(code)" : "\(text) (libssh2 error \(code))"
    }

    private func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
