import Foundation

/// Where a monitor runs (`Monitor.locations`): `server` for the servers themselves, an
/// agent's id for that agent, any other entry an agent label (every approved agent of the
/// tenant carrying it).
public enum MonitorLocations {
    /// The location of the servers.
    public static let server = "server"
    /// The most locations one monitor may list.
    public static let maximumCount = 32

    /// Why `locations` cannot be used, naming the first bad entry; nil when they can.
    public static func problem(_ locations: [String]) -> String? {
        if locations.isEmpty { return "at least one location: \"server\", an agent id or an agent label" }
        if locations.count > maximumCount { return "at most \(maximumCount) locations" }
        for location in locations where location != server && AgentID(location) == nil && !MonitorTags.isValid(location) {
            return "location '\(location.prefix(80))' must be \"server\", an agent id or an agent label (letters, digits and \(String(MonitorTags.punctuation.sorted())))"
        }
        return nil
    }

    /// `locations` without repeats, agent ids in canonical form.
    public static func normalized(_ locations: [String]) -> [String] {
        MonitorTags.normalized(locations.map { AgentID($0)?.description ?? $0 })
    }

    /// `locations` as a JSON array, the form the stores keep them in.
    public static func jsonText(_ locations: [String]) -> String { MonitorTags.jsonText(locations) }

    /// The locations in a JSON array; `["server"]` for anything else or an empty array.
    public static func decode(jsonText: String?) -> [String] {
        let decoded = MonitorTags.decode(jsonText: jsonText)
        return decoded.isEmpty ? [server] : decoded
    }
}

extension Monitor {
    /// Whether the servers run it.
    public var runsOnServer: Bool { locations.contains(MonitorLocations.server) }

    /// Whether the servers are one of several locations: then their state is the `server`
    /// location's, counted with the agents' in the quorum (`LocationQuorum`), and the
    /// monitor's own state follows the quorum.
    public var serverIsOneOfItsLocations: Bool { runsOnServer && locations.count > 1 }

    /// Whether `agent` runs it: approved, of the monitor's tenant, and named by id or by one
    /// of its labels.
    public func runs(on agent: Agent) -> Bool {
        guard agent.status == .approved, agent.tenantID == tenantID else { return false }
        return locations.contains { $0 == agent.id.description || agent.labels.contains($0) }
    }
}
