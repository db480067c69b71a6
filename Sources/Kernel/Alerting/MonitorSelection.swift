/// Which monitors a rule or maintenance window covers: every monitor of the tenant, or the
/// listed ones, optionally narrowed to probe kinds.
public struct MonitorSelection: Sendable, Codable, Hashable {
    /// Monitors by id; nil or empty means every monitor.
    public var ids: [MonitorID]?
    /// Probe kinds (`http`, `tls`); nil or empty means every kind.
    public var kinds: [String]?

    /// Every monitor.
    public static let all = MonitorSelection()

    /// Creates a selection.
    public init(ids: [MonitorID]? = nil, kinds: [String]? = nil) {
        self.ids = ids
        self.kinds = kinds
    }

    /// Whether the monitor `id` (of probe kind `kind`, when known) is covered.
    public func covers(_ id: MonitorID, kind: String?) -> Bool {
        if let ids, !ids.isEmpty, !ids.contains(id) { return false }
        if let kinds, !kinds.isEmpty, let kind, !kinds.contains(kind) { return false }
        return true
    }
}
