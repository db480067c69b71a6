import Foundation
import Kernel

/// The body of `POST /api/v1/status-pages` and `PUT /api/v1/status-pages/{id}`.
struct StatusPageInput: Codable, Sendable {
    var slug: String
    var title: String
    var description: String?
    var published: Bool?
    var showTargets: Bool?
    var groups: [Group]?

    struct Group: Codable, Sendable {
        var name: String
        var monitors: [String]
    }

    static let maximumGroups = 20
    static let maximumMonitors = 200

    /// Checks every field, and that every monitor is one of the tenant's (collecting all
    /// issues); returns the groups with their monitor ids.
    func validated(tenant: TenantID, monitors: any MonitorRepository) async throws -> [StatusPageGroup] {
        var issues: [FieldIssue] = []
        if !Self.isSlug(slug) {
            issues.append(FieldIssue(field: "slug", message: "1 to 64 lower-case letters, digits and dashes, not starting or ending with a dash"))
        }
        if title.trimmingCharacters(in: .whitespaces).isEmpty || title.count > 200 { issues.append(FieldIssue(field: "title", message: "1 to 200 characters")) }
        if (description ?? "").count > 1000 { issues.append(FieldIssue(field: "description", message: "at most 1,000 characters")) }
        let groups = self.groups ?? []
        if groups.count > Self.maximumGroups { issues.append(FieldIssue(field: "groups", message: "at most \(Self.maximumGroups) groups")) }
        if groups.reduce(0, { $0 + $1.monitors.count }) > Self.maximumMonitors {
            issues.append(FieldIssue(field: "groups", message: "at most \(Self.maximumMonitors) monitors in all"))
        }
        var result: [StatusPageGroup] = []
        for (index, group) in groups.prefix(Self.maximumGroups).enumerated() {
            if group.name.trimmingCharacters(in: .whitespaces).isEmpty || group.name.count > 100 {
                issues.append(FieldIssue(field: "groups[\(index)].name", message: "1 to 100 characters"))
            }
            var ids: [MonitorID] = []
            for (position, text) in group.monitors.prefix(Self.maximumMonitors).enumerated() {
                guard let id = MonitorID(text), try await monitors.get(id, tenant: tenant) != nil else {
                    issues.append(FieldIssue(field: "groups[\(index)].monitors[\(position)]", message: "not a monitor of this tenant"))
                    continue
                }
                ids.append(id)
            }
            result.append(StatusPageGroup(name: group.name, monitors: ids))
        }
        guard issues.isEmpty else { throw ValidationError(issues) }
        return result
    }

    static func isSlug(_ text: String) -> Bool {
        guard (1...64).contains(text.count), !text.hasPrefix("-"), !text.hasSuffix("-") else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// A status page as the management API shows it.
struct StatusPageView: Encodable {
    var id: StatusPageID
    var slug: String
    var title: String
    var description: String
    var published: Bool
    var showTargets: Bool
    var groups: [Group]
    var publicURL: String
    var createdAt: Date
    var updatedAt: Date

    struct Group: Encodable {
        var name: String
        var monitors: [MonitorID]
    }

    init(_ page: StatusPage) {
        id = page.id
        slug = page.slug
        title = page.title
        description = page.description
        published = page.published
        showTargets = page.showTargets
        groups = page.groups.map { Group(name: $0.name, monitors: $0.monitors) }
        publicURL = "/status/\(page.slug)"
        createdAt = page.createdAt
        updatedAt = page.updatedAt
    }
}
