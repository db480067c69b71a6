/// Connections kept open between commands, one per key (a host record's id): consecutive
/// commands to a host reuse its session; different hosts run in parallel, each on its own
/// connection. At most `limit` connections stay open: taking a new one closes the longest idle
/// one, and connections idle longer than `timeouts.idle` are closed when the pool is next used.
/// A changed endpoint (new address, credentials or pinned key) replaces the connection.
public actor SSHConnectionPool {
    private let limit: Int
    private let timeouts: SSHTimeouts
    private var connections: [String: SSHConnection] = [:]

    /// Creates a pool of at most `limit` open connections.
    public init(limit: Int = 64, timeouts: SSHTimeouts = SSHTimeouts()) {
        self.limit = max(1, limit)
        self.timeouts = timeouts
    }

    /// Runs `command` on the connection kept under `key` for `endpoint`.
    public func run(_ command: SSHCommand, on endpoint: SSHEndpoint, key: String) async throws -> SSHCommandOutput {
        try await connection(for: endpoint, key: key).run(command)
    }

    /// The connection kept under `key`, opened (lazily) for `endpoint`.
    public func connection(for endpoint: SSHEndpoint, key: String) -> SSHConnection {
        sweep()
        if let existing = connections[key] {
            if existing.endpoint == endpoint { return existing }
            existing.close()
        }
        if connections[key] == nil, connections.count >= limit {
            let idle = connections.compactMap { key, connection in connection.idleSeconds.map { (key, $0) } }
            if let oldest = idle.max(by: { $0.1 < $1.1 }) {
                connections.removeValue(forKey: oldest.0)?.close()
            }
        }
        let connection = SSHConnection(endpoint: endpoint, timeouts: timeouts)
        connections[key] = connection
        return connection
    }

    /// Closes the connection kept under `key` (its host was deleted or changed).
    public func forget(_ key: String) {
        connections.removeValue(forKey: key)?.close()
    }

    /// Closes every connection and returns once each is closed (after the command it may be
    /// running), so shutdown leaves no session half torn down.
    public func closeAll() async {
        let closing = Array(connections.values)
        connections.removeAll()
        for connection in closing { await connection.closeAndWait() }
    }

    /// How many connections are open or opening.
    public var count: Int { connections.count }

    private func sweep() {
        for (key, connection) in connections where (connection.idleSeconds ?? 0) > timeouts.idle {
            connections.removeValue(forKey: key)?.close()
        }
    }
}
