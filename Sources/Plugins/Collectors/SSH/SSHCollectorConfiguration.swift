import Kernel
import SSHSupport

/// Plugin configuration of `collector.ssh`: its SSH connection pool and what a collection reads.
public struct SSHCollectorConfiguration: PluginConfiguration, Hashable {
    /// Connections kept open, one per host (1 to 4096). Default 256.
    public var maxConnections: Int
    /// Seconds for connecting, the handshake and authentication (1 to 120). Default 10.
    public var connectTimeout: Double
    /// Seconds between keepalive messages on an idle connection (0: none, up to 3600). Default 30.
    public var keepalive: Int
    /// Seconds an unused connection stays open (1 to 86400). Default 120: longer than any
    /// collection interval, so each host keeps one connection.
    public var idleTimeout: Double
    /// Seconds the remote reading command may run before it is killed (1 to 120). Default 20.
    public var commandTimeout: Double
    /// Whether each collection reads the process list. Default true.
    public var processes: Bool

    /// Creates a configuration.
    public init(maxConnections: Int = 256, connectTimeout: Double = 10, keepalive: Int = 30, idleTimeout: Double = 120,
                commandTimeout: Double = 20, processes: Bool = true) {
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.keepalive = keepalive
        self.idleTimeout = idleTimeout
        self.commandTimeout = commandTimeout
        self.processes = processes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxConnections = try container.decodeIfPresent(Int.self, forKey: .maxConnections) ?? 256
        connectTimeout = try container.decodeIfPresent(Double.self, forKey: .connectTimeout) ?? 10
        keepalive = try container.decodeIfPresent(Int.self, forKey: .keepalive) ?? 30
        idleTimeout = try container.decodeIfPresent(Double.self, forKey: .idleTimeout) ?? 120
        commandTimeout = try container.decodeIfPresent(Double.self, forKey: .commandTimeout) ?? 20
        processes = try container.decodeIfPresent(Bool.self, forKey: .processes) ?? true
        for (key, valid, range) in [(CodingKeys.maxConnections, (1...4096).contains(maxConnections), "1 to 4096"),
                                    (.connectTimeout, (1...120).contains(connectTimeout), "1 to 120 seconds"),
                                    (.keepalive, (0...3600).contains(keepalive), "0 to 3600 seconds"),
                                    (.idleTimeout, (1...86_400).contains(idleTimeout), "1 to 86400 seconds"),
                                    (.commandTimeout, (1...120).contains(commandTimeout), "1 to 120 seconds")] where !valid {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "must be \(range)")
        }
    }

    /// The pool's time limits.
    var timeouts: SSHTimeouts { SSHTimeouts(connect: connectTimeout, keepalive: keepalive, idle: idleTimeout) }
}
