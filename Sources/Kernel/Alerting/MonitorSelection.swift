/// Which monitors a rule or maintenance window covers: every monitor of the tenant, or those
/// listed by id or carrying one of the tags, optionally narrowed to probe kinds.
public struct MonitorSelection: Sendable, Codable, Hashable {
    /// Monitors by id; nil or empty means every monitor.
    public var ids: [MonitorID]?
    /// Probe kinds (`http`, `tls`); nil or empty means every kind.
    public var kinds: [String]?
    /// Monitor tags: a monitor carrying any of them is covered (as is one listed in `ids`);
    /// nil or empty, with `ids` empty too, means every monitor.
    public var tags: [String]?

    /// Every monitor.
    public static let all = MonitorSelection()

    /// Creates a selection.
    public init(ids: [MonitorID]? = nil, kinds: [String]? = nil, tags: [String]? = nil) {
        self.tags = tags
        self.ids = ids
        self.kinds = kinds
    }

    /// Whether the monitor `id` (of probe kind `kind`, when known, carrying `tags`) is covered.
    public func covers(_ id: MonitorID, kind: String?, tags monitorTags: [String] = []) -> Bool {
        let wantedIDs = ids ?? [], wantedTags = tags ?? []
        if !wantedIDs.isEmpty || !wantedTags.isEmpty {
            guard wantedIDs.contains(id) || monitorTags.contains(where: wantedTags.contains) else { return false }
        }
        if let kinds, !kinds.isEmpty, let kind, !kinds.contains(kind) { return false }
        return true
    }
}
