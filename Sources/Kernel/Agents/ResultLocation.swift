/// Which location's results a read covers: the servers' own (stored without a location) or
/// one agent's (its id). A read without one covers every location.
public enum ResultLocation: Sendable, Hashable, CustomStringConvertible {
    /// Results the servers ran.
    case server
    /// Results an agent ran, by its id.
    case agent(String)

    /// Parses a query parameter: `server` or an agent's id (a UUID).
    public init?(_ text: String) {
        if text == MonitorLocations.server {
            self = .server
        } else if let id = AgentID(text) {
            self = .agent(id.description)
        } else {
            return nil
        }
    }

    /// The stored `location` this selects (nil for the servers').
    public var stored: String? {
        switch self {
        case .server: nil
        case .agent(let id): id
        }
    }

    public var description: String { stored ?? MonitorLocations.server }

    /// Whether `record` was run here.
    public func contains(_ record: ResultRecord) -> Bool { record.location == stored }
}
