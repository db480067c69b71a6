/// The kind of work a plugin does; the first segment of its id.
public enum PluginRole: String, Sendable, Codable, Hashable, CaseIterable {
    /// Measures one target per run (`probe.tcp`).
    case probe
    /// Reads samples from a source (`collector.proc`).
    case collector
    /// Keeps every persistent record (`store.sqlite`).
    case store
    /// Delivers alerts (`notifier.webhook`).
    case notifier
    /// Recognises credentials (`auth.jwt`).
    case auth
    /// Adds what is known about addresses to results and records (`enricher.geoip`).
    case enricher
}

/// A namespaced plugin id such as `probe.tcp` or `store.sqlite`: a role, a dot, and a name of
/// lower-case letters, digits and underscores. Malformed ids are rejected when registered.
public struct PluginID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The full id.
    public let rawValue: String
    /// The role, from the first segment.
    public let role: PluginRole
    /// The part after the role: `tcp` in `probe.tcp`.
    public let name: String

    /// Parses an id; nil when it is malformed or its role unknown.
    public init?(_ rawValue: String) {
        let parts = rawValue.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let role = PluginRole(rawValue: String(parts[0])) else { return nil }
        let name = String(parts[1])
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.")
        guard let first = name.first, first.isLetter, name.allSatisfy({ allowed.contains($0) }),
              !name.hasSuffix("."), !name.contains("..") else { return nil }
        self.rawValue = rawValue
        self.role = role
        self.name = name
    }

    public var description: String { rawValue }

    public static func < (lhs: PluginID, rhs: PluginID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = PluginID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "malformed plugin id '\(text)'"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
