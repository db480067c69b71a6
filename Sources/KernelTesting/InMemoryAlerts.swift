import Foundation
import Kernel

/// Alerting's records in memory: configuration documents in creation order, the cursor and
/// states, and the alert outbox.
actor InMemoryAlerts: AlertRepository {
    private var documents: [(seq: Int64, document: AlertConfigDocument)] = []
    private var cursor = AlertCursor(sequence: 0, revision: 0)
    private var states: [AlertSubjectState.Key: AlertSubjectState] = [:]
    private var entries: [(seq: Int64, entry: AlertHistoryEntry)] = []
    private var claims: [UUID: (owner: String, until: Date)] = [:]
    private var nextSeq: Int64 = 1

    func createConfig(_ document: AlertConfigDocument) throws {
        if documents.contains(where: { $0.document.kind == document.kind && $0.document.id == document.id }) {
            throw StoreError.conflict(entity: document.kind.rawValue, detail: "id \(document.id) exists")
        }
        try checkName(document)
        documents.append((nextSeq, document))
        nextSeq += 1
    }

    func config(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) -> AlertConfigDocument? {
        documents.first { $0.document.kind == kind && $0.document.id == id && $0.document.tenantID == tenant }?.document
    }

    func listConfig(_ kind: AlertConfigKind, tenant: TenantID, page: PageRequest) -> Page<AlertConfigDocument> {
        self.page(documents.filter { $0.document.kind == kind && $0.document.tenantID == tenant }, page)
    }

    func updateConfig(_ document: AlertConfigDocument) throws {
        guard let index = documents.firstIndex(where: {
            $0.document.kind == document.kind && $0.document.id == document.id && $0.document.tenantID == document.tenantID
        }) else { throw StoreError.notFound(entity: document.kind.rawValue, id: document.id.uuidString.lowercased()) }
        try checkName(document)
        documents[index].document = document
    }

    func deleteConfig(_ kind: AlertConfigKind, id: UUID, tenant: TenantID) -> Bool {
        let before = documents.count
        documents.removeAll { $0.document.kind == kind && $0.document.id == id && $0.document.tenantID == tenant }
        return documents.count < before
    }

    func listConfigAllTenants(_ kind: AlertConfigKind, page: PageRequest) -> Page<AlertConfigDocument> {
        self.page(documents.filter { $0.document.kind == kind }, page)
    }

    func evaluationCursor() -> AlertCursor { cursor }

    func subjectStates() -> [AlertSubjectState] { Array(states.values) }

    func commitEvaluation(_ commit: AlertEvaluationCommit) -> Bool {
        guard commit.expectedRevision == cursor.revision else { return false }
        cursor = AlertCursor(sequence: commit.sequence, revision: cursor.revision + 1)
        for key in commit.removedStates { states[key] = nil }
        for state in commit.states { states[state.key] = state }
        record(commit.alerts)
        return true
    }

    func record(_ alerts: [AlertHistoryEntry]) {
        for entry in alerts {
            entries.append((nextSeq, entry))
            nextSeq += 1
        }
    }

    func claimDeliveries(owner: String, now: Date, until: Date, limit: Int) -> [ClaimedDelivery] {
        var due: [(Date, Int, Int)] = []
        for (entryIndex, item) in entries.enumerated() {
            for (deliveryIndex, delivery) in item.entry.deliveries.enumerated() where delivery.state == .pending {
                guard let at = delivery.nextAttemptAt, at <= now else { continue }
                if let claim = claims[delivery.id], claim.until > now { continue }
                due.append((at, entryIndex, deliveryIndex))
            }
        }
        return due.sorted { $0.0 < $1.0 }.prefix(limit).map { _, entryIndex, deliveryIndex in
            let entry = entries[entryIndex].entry
            let delivery = entry.deliveries[deliveryIndex]
            claims[delivery.id] = (owner, until)
            return ClaimedDelivery(delivery: delivery, alert: entry.alert)
        }
    }

    func releaseClaims(owner: String) {
        claims = claims.filter { $0.value.owner != owner }
    }

    func finishAttempt(_ delivery: AlertDelivery, owner: String) -> Bool {
        guard claims[delivery.id]?.owner == owner else { return false }
        claims[delivery.id] = nil
        for index in entries.indices {
            if let position = entries[index].entry.deliveries.firstIndex(where: { $0.id == delivery.id }) {
                entries[index].entry.deliveries[position] = delivery
                return true
            }
        }
        return false
    }

    func history(tenant: TenantID, monitor: MonitorID?, page: PageRequest) -> Page<AlertHistoryEntry> {
        let matching = entries.reversed().filter { $0.entry.alert.tenantID == tenant && (monitor == nil || $0.entry.alert.monitor?.id == monitor) }
        let after = page.cursor.flatMap(Int64.init) ?? .max
        return Page(sequenced: matching.filter { $0.seq < after }.prefix(page.limit + 1).map { ($0.seq, $0.entry) }, limit: page.limit)
    }

    func pendingDeliveries() -> Int {
        entries.reduce(0) { $0 + $1.entry.deliveries.filter { $0.state == .pending }.count }
    }

    func pruneHistory(olderThan cutoff: Date) -> Int {
        let before = entries.count
        entries.removeAll { $0.entry.alert.occurredAt < cutoff && !$0.entry.deliveries.contains { $0.state == .pending } }
        return before - entries.count
    }

    func eraseAllTenants() {
        documents = []
        states = [:]
        entries = []
        claims = [:]
        cursor = AlertCursor(sequence: 0, revision: 0)
    }

    private func checkName(_ document: AlertConfigDocument) throws {
        if documents.contains(where: { $0.document.kind == document.kind && $0.document.tenantID == document.tenantID
            && $0.document.name == document.name && $0.document.id != document.id }) {
            throw StoreError.conflict(entity: document.kind.rawValue, detail: "one named \(document.name) exists")
        }
    }

    private func page(_ rows: [(seq: Int64, document: AlertConfigDocument)], _ page: PageRequest) -> Page<AlertConfigDocument> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: rows.filter { $0.seq > after }.prefix(page.limit + 1).map { ($0.seq, $0.document) }, limit: page.limit)
    }
}
