import Foundation

/// A tenant's public status page (`/status/{slug}`): chosen monitors in groups, shown to anyone
/// without signing in once published. Targets are hidden unless `showTargets`.
public struct StatusPage: Sendable, Hashable, Codable, Identifiable {
    /// The page's id.
    public var id: StatusPageID
    /// Its tenant.
    public var tenantID: TenantID
    /// The address part: lower-case letters, digits and dashes, unique across tenants.
    public var slug: String
    /// The page's heading.
    public var title: String
    /// A line under the heading.
    public var description: String
    /// Whether the public address answers; a draft answers 404.
    public var published: Bool
    /// Whether monitors' targets are shown (hidden by default).
    public var showTargets: Bool
    /// The groups of monitors, in order.
    public var groups: [StatusPageGroup]
    /// When it was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a page.
    public init(id: StatusPageID = .random(), tenantID: TenantID, slug: String, title: String, description: String = "",
                published: Bool = false, showTargets: Bool = false, groups: [StatusPageGroup] = [],
                createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.id = id
        self.tenantID = tenantID
        self.slug = slug
        self.title = title
        self.description = description
        self.published = published
        self.showTargets = showTargets
        self.groups = groups
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Every monitor the page shows, in order, each once.
    public var monitorIDs: [MonitorID] {
        var seen = Set<MonitorID>()
        return groups.flatMap(\.monitors).filter { seen.insert($0).inserted }
    }
}

/// A named group of monitors on a status page.
public struct StatusPageGroup: Sendable, Hashable, Codable {
    /// The group's heading.
    public var name: String
    /// Its monitors, in order.
    public var monitors: [MonitorID]

    /// Creates a group.
    public init(name: String, monitors: [MonitorID]) {
        self.name = name
        self.monitors = monitors
    }
}

/// Identifies a status page.
public typealias StatusPageID = Identifier<StatusPage>
