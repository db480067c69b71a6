/// Why an SSH connection or remote command failed. `code` is stable (results and API problems
/// carry it); `message` says what happened in words an operator can act on. Secrets never
/// appear in either.
public struct SSHError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable, Hashable {
        /// The TCP connection could not be made (refused, unreachable, no such name).
        case connectFailed = "ssh_connect_failed"
        /// Connecting, the handshake or authentication took longer than the connect timeout.
        case connectTimeout = "ssh_connect_timeout"
        /// The SSH handshake failed (not an SSH server, no common algorithm).
        case handshakeFailed = "ssh_handshake_failed"
        /// The server presented a host key other than the pinned one.
        case hostKeyChanged = "ssh_host_key_changed"
        /// The server refused the credentials.
        case authenticationFailed = "ssh_authentication_failed"
        /// The private key could not be read (bad format, wrong or missing passphrase).
        case invalidKey = "ssh_invalid_key"
        /// The remote command ran longer than its timeout; it was killed and its channel closed.
        case commandTimeout = "ssh_command_timeout"
        /// The remote command wrote more than the output limit.
        case outputTooLarge = "ssh_output_too_large"
        /// The session failed while running a command (connection lost, channel refused).
        case sessionFailed = "ssh_session_failed"
        /// The command cannot be sent (a NUL byte in an argument).
        case invalidCommand = "ssh_invalid_command"
    }

    /// What kind of failure.
    public var code: Code
    /// A sentence for the operator.
    public var message: String
    /// For `hostKeyChanged`: the fingerprint the server presented (`SHA256:…`), which an
    /// operator may accept.
    public var presentedFingerprint: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, presentedFingerprint: String? = nil) {
        self.code = code
        self.message = message
        self.presentedFingerprint = presentedFingerprint
    }

    public var description: String { message }

    /// Whether the failure concerns the connection (worth one reconnect) rather than the
    /// credentials, the host key or the command.
    var isConnectionLoss: Bool { code == .sessionFailed }
}
