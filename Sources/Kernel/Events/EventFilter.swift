/// Which events a subscriber wants: one tenant's or every tenant's, and topics by name
/// (`monitor.status_changed`) or by prefix (`monitor.*`, `tls.*`). A live view of one tenant
/// subscribes with its tenant, so other tenants' events never reach its buffer.
public struct EventFilter: Sendable, Hashable {
    /// The tenant whose events pass; nil for every tenant (server-side consumers).
    public var tenant: TenantID?
    /// Topics that pass: exact names, or prefixes written `name.*`; nil for every topic.
    public var topics: Set<String>?

    /// Creates a filter; the default lets everything through.
    public init(tenant: TenantID? = nil, topics: Set<String>? = nil) {
        self.tenant = tenant
        self.topics = topics
    }

    /// Every event.
    public static let everything = EventFilter()

    /// Whether `event` passes.
    public func admits(_ event: Event) -> Bool {
        if let tenant, event.tenantID != tenant { return false }
        guard let topics else { return true }
        let topic = event.name
        if topics.contains(topic) { return true }
        return topics.contains { $0.hasSuffix(".*") && topic.hasPrefix($0.dropLast()) }
    }
}
