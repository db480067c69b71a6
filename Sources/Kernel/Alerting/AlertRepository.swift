import Foundation

/// Alerting's records (`AlertStore`): the configuration (channels, rules, maintenance windows,
/// kept as documents), the evaluator's cursor and per-rule states, and the alert outbox:
/// alerts with their deliveries, which servers claim, attempt and record.
public protocol AlertRepository: Sendable {
    /// Stores a new document; `StoreError.conflict` when its id exists or its name is taken
    /// in the tenant for its kind.
    func createConfig(_ document: AlertConfigDocument) async throws
    /// The document, or nil when it is not in `tenant`.
    func config(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> AlertConfigDocument?
    /// Documents of one kind in `tenant`, oldest first.
    func listConfig(_ kind: AlertConfigKind, tenant: TenantID, page: PageRequest) async throws -> Page<AlertConfigDocument>
    /// Replaces a document; `StoreError.notFound` when it is not in its tenant,
    /// `StoreError.conflict` when its new name is taken.
    func updateConfig(_ document: AlertConfigDocument) async throws
    /// Deletes a document; false when it was not in `tenant`.
    @discardableResult func deleteConfig(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) async throws -> Bool
    /// Documents of one kind in every tenant, oldest first (the evaluator, store migration).
    func listConfigAllTenants(_ kind: AlertConfigKind, page: PageRequest) async throws -> Page<AlertConfigDocument>

    /// The evaluator's position in the event outbox (sequence 0, revision 0 before its first
    /// commit).
    func evaluationCursor() async throws -> AlertCursor
    /// Every rule's state of every monitor.
    func subjectStates() async throws -> [AlertSubjectState]
    /// Writes one evaluation in one transaction — the cursor, the states, the alerts and
    /// their deliveries — only if the cursor's revision is still `commit.expectedRevision`;
    /// returns false (writing nothing) when another server committed first.
    func commitEvaluation(_ commit: AlertEvaluationCommit) async throws -> Bool
    /// Records alerts made outside evaluation (channel tests), with their deliveries.
    func record(_ entries: [AlertHistoryEntry]) async throws

    /// Claims up to `limit` pending deliveries due at `now` that no server holds (or whose
    /// hold expired) for `owner` until `until`, oldest due first, with their alerts.
    func claimDeliveries(owner: String, now: Date, until: Date, limit: Int) async throws -> [ClaimedDelivery]
    /// Releases every claim `owner` holds: a server starting under the name it had before a
    /// crash takes its interrupted deliveries back at once rather than when their hold expires.
    func releaseClaims(owner: String) async throws
    /// Saves a delivery after an attempt (its state, attempts and next due time) and releases
    /// the claim; false when `owner` no longer held it.
    @discardableResult func finishAttempt(_ delivery: AlertDelivery, owner: String) async throws -> Bool

    /// Alerts of `tenant`, newest first, each with its deliveries; only those of `monitor`
    /// when given.
    func history(tenant: TenantID, monitor: MonitorID?, page: PageRequest) async throws -> Page<AlertHistoryEntry>
    /// How many deliveries are pending, in every tenant (a gauge on `/metrics`).
    func pendingDeliveries() async throws -> Int
    /// Deletes alerts (and their deliveries) raised before `cutoff` that are not pending;
    /// returns how many alerts.
    @discardableResult func pruneHistory(olderThan cutoff: Date) async throws -> Int
    /// Deletes every alerting record of every tenant (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// The evaluator's position: the last outbox sequence it handled, and a revision that every
/// commit increments (so two servers evaluating at once cannot both commit).
public struct AlertCursor: Sendable, Hashable {
    /// The last outbox sequence handled.
    public var sequence: Int64
    /// Incremented by every commit.
    public var revision: Int64

    /// Creates a cursor.
    public init(sequence: Int64, revision: Int64) {
        self.sequence = sequence
        self.revision = revision
    }
}

/// What one evaluation writes.
public struct AlertEvaluationCommit: Sendable {
    /// The revision read with the cursor.
    public var expectedRevision: Int64
    /// The outbox sequence handled up to.
    public var sequence: Int64
    /// States to insert or replace.
    public var states: [AlertSubjectState]
    /// States to delete (the rule or monitor is gone).
    public var removedStates: [AlertSubjectState.Key]
    /// New alerts with their deliveries.
    public var alerts: [AlertHistoryEntry]

    /// Creates a commit.
    public init(expectedRevision: Int64, sequence: Int64, states: [AlertSubjectState] = [], removedStates: [AlertSubjectState.Key] = [],
                alerts: [AlertHistoryEntry] = []) {
        self.expectedRevision = expectedRevision
        self.sequence = sequence
        self.states = states
        self.removedStates = removedStates
        self.alerts = alerts
    }
}

/// A store that keeps alerting's records.
public protocol AlertStore: Store {
    /// Alerting's records.
    var alerts: any AlertRepository { get }
}

extension StoreCapability {
    /// Notification channels, alert rules, maintenance windows and the alert outbox (`AlertStore`).
    public static let alerts = StoreCapability("alerts", sections: [.alerts]) { $0 is any AlertStore.Type }
}
