/// How Vantage proves who it is to an SSH server.
public enum SSHCredentials: Sendable, Hashable {
    /// A password (the server's `password` method).
    case password(String)
    /// A private key in OpenSSH (`-----BEGIN OPENSSH PRIVATE KEY-----`) or PEM form, ed25519 or
    /// ECDSA, with its passphrase when it has one. libssh2 1.10 signs RSA keys only with
    /// SHA-1, which OpenSSH 8.8 and later refuse; `SSHPrivateKey` explains that when it happens.
    case privateKey(String, passphrase: String?)

    /// The method's name, for messages: "password" or "publickey".
    public var method: String {
        switch self {
        case .password: "password"
        case .privateKey: "publickey"
        }
    }
}

/// The host key an SSH server must present.
public enum HostKeyPolicy: Sendable, Hashable {
    /// Accept whatever key the server presents; the caller records its fingerprint (trust on
    /// first use) and pins it from then on.
    case trustOnFirstUse
    /// Accept only the key with this fingerprint (`SHA256:…`, OpenSSH's form).
    case pinned(String)
}

/// Where and as whom to connect.
public struct SSHEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// A host name or an IP address.
    public var host: String
    /// The TCP port (22 by default).
    public var port: Int
    /// The remote account.
    public var username: String
    /// The credentials.
    public var credentials: SSHCredentials
    /// The host key the server must present.
    public var hostKey: HostKeyPolicy

    /// Creates an endpoint.
    public init(host: String, port: Int = 22, username: String, credentials: SSHCredentials, hostKey: HostKeyPolicy = .trustOnFirstUse) {
        self.host = host
        self.port = port
        self.username = username
        self.credentials = credentials
        self.hostKey = hostKey
    }

    /// `user@host:port`, without credentials.
    public var description: String { "\(username)@\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// Time limits of a connection.
public struct SSHTimeouts: Sendable, Hashable {
    /// Connecting, the handshake and authentication together, in seconds.
    public var connect: Double
    /// Seconds between keepalive messages on an idle pooled connection (0: none).
    public var keepalive: Int
    /// Seconds a pooled connection may stay unused before it is closed.
    public var idle: Double

    /// Creates time limits.
    public init(connect: Double = 10, keepalive: Int = 30, idle: Double = 120) {
        self.connect = connect
        self.keepalive = keepalive
        self.idle = idle
    }
}
