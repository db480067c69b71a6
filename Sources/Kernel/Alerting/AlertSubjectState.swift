import Foundation

/// What one rule last said about one monitor: whether a triggered alert is open (so a
/// resolved one follows), when it last reminded, and the recent changes that decide
/// whether the monitor is flapping.
public struct AlertSubjectState: Sendable, Codable, Hashable {
    /// The rule.
    public var ruleID: AlertRuleID
    /// The monitor.
    public var monitorID: MonitorID
    /// The tenant.
    public var tenantID: TenantID
    /// The monitor's latest status seen.
    public var status: MonitorStatus
    /// The status a triggered alert reported and no resolved alert has closed yet.
    public var open: MonitorStatus?
    /// When the open alert, or its latest reminder, was raised.
    public var lastNotifiedAt: Date?
    /// Times of the recent status changes (within the rule's flapping window).
    public var changes: [Date]
    /// Whether a flapping alert was sent and the monitor has not settled since.
    public var flapping: Bool
    /// The thresholds of the rule (their text, `latency>500ms for 3 runs`) whose triggered
    /// alert no resolved alert has closed yet; nil when none.
    public var breached: [String]?

    /// The key of a state.
    public var key: Key { Key(ruleID: ruleID, monitorID: monitorID) }

    /// A rule and a monitor.
    public struct Key: Sendable, Hashable {
        /// The rule.
        public var ruleID: AlertRuleID
        /// The monitor.
        public var monitorID: MonitorID

        /// Creates a key.
        public init(ruleID: AlertRuleID, monitorID: MonitorID) {
            self.ruleID = ruleID
            self.monitorID = monitorID
        }
    }

    /// A fresh state.
    public init(ruleID: AlertRuleID, monitorID: MonitorID, tenantID: TenantID, status: MonitorStatus, open: MonitorStatus? = nil,
                lastNotifiedAt: Date? = nil, changes: [Date] = [], flapping: Bool = false) {
        self.ruleID = ruleID
        self.monitorID = monitorID
        self.tenantID = tenantID
        self.status = status
        self.open = open
        self.lastNotifiedAt = lastNotifiedAt
        self.changes = changes
        self.flapping = flapping
    }
}
