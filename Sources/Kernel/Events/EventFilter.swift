/// Which events a subscriber wants: one tenant's or every tenant's, and topics by name
/// (`monitor.status_changed`) or by prefix (`monitor.*`, `tls.*`). A live view of one tenant
/// subscribes with its tenant, so other tenants' events never reach its buffer.
public struct EventFilter: Sendable, Hashable {
    /// The tenant whose events pass; nil for every tenant (server-side consumers).
    public var tenant: TenantID?
    /// Topics that pass: exact names, or prefixes written `name.*`; nil for every topic.
    public var topics: Set<String>?
    /// Whether events that are not relayed between servers pass (`Event.isRelayed`); the
    /// relay itself takes only those that are, so results never crowd its buffer.
    public var includesLocalOnly: Bool

    /// Creates a filter; the default lets everything through.
    public init(tenant: TenantID? = nil, topics: Set<String>? = nil, includesLocalOnly: Bool = true) {
        self.tenant = tenant
        self.topics = topics
        self.includesLocalOnly = includesLocalOnly
    }

    /// Every event.
    public static let everything = EventFilter()

    /// Whether `event` passes.
    public func admits(_ event: Event) -> Bool {
        if let tenant, event.tenantID != tenant { return false }
        if !includesLocalOnly, !event.isRelayed { return false }
        return admits(topic: event.name)
    }

    /// Whether events named `topic` pass the topic part of the filter.
    public func admits(topic: String) -> Bool {
        guard let topics else { return true }
        if topics.contains(topic) { return true }
        return topics.contains { $0.hasSuffix(".*") && topic.hasPrefix($0.dropLast()) }
    }
}
