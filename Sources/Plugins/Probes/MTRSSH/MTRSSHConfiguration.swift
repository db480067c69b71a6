import Kernel
import SSHSupport

/// Plugin configuration of `probe.mtr_ssh`: the SSH connection pool shared by its monitors and
/// trace runs.
public struct MTRSSHConfiguration: PluginConfiguration, Hashable {
    /// Connections kept open, one per host (1 to 4096). Default 64.
    public var maxConnections: Int
    /// Seconds for connecting, the handshake and authentication (1 to 120). Default 10.
    public var connectTimeout: Double
    /// Seconds between keepalive messages on an idle connection (0: none, up to 3600). Default 30.
    public var keepalive: Int
    /// Seconds an unused connection stays open (1 to 86400). Default 120.
    public var idleTimeout: Double

    /// Creates a configuration.
    public init(maxConnections: Int = 64, connectTimeout: Double = 10, keepalive: Int = 30, idleTimeout: Double = 120) {
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.keepalive = keepalive
        self.idleTimeout = idleTimeout
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxConnections = try container.decodeIfPresent(Int.self, forKey: .maxConnections) ?? 64
        connectTimeout = try container.decodeIfPresent(Double.self, forKey: .connectTimeout) ?? 10
        keepalive = try container.decodeIfPresent(Int.self, forKey: .keepalive) ?? 30
        idleTimeout = try container.decodeIfPresent(Double.self, forKey: .idleTimeout) ?? 120
        for (key, valid, range) in [(CodingKeys.maxConnections, (1...4096).contains(maxConnections), "1 to 4096"),
                                    (.connectTimeout, (1...120).contains(connectTimeout), "1 to 120 seconds"),
                                    (.keepalive, (0...3600).contains(keepalive), "0 to 3600 seconds"),
                                    (.idleTimeout, (1...86_400).contains(idleTimeout), "1 to 86400 seconds")] where !valid {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be \(range)")
        }
    }

    /// The pool's time limits.
    var timeouts: SSHTimeouts { SSHTimeouts(connect: connectTimeout, keepalive: keepalive, idle: idleTimeout) }
}
