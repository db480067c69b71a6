import Foundation
import Kernel

/// Push tokens and latest beats in memory; a token or beat whose monitor is gone is not
/// found, as the stores' foreign keys delete them with it.
actor InMemoryPushes: PushRepository {
    private let data: InMemoryData
    private var tokens: [MonitorID: StoredPushToken] = [:]
    private var beats: [MonitorID: PushBeat] = [:]

    init(data: InMemoryData) { self.data = data }

    func issue(_ token: StoredPushToken) async throws {
        guard try await exists(token.owner) else { throw StoreError.notFound(entity: "monitor", id: token.owner.monitorID.description) }
        tokens[token.owner.monitorID] = token
    }

    func owner(ofTokenHash hash: String) async throws -> PushTokenOwner? {
        guard let owner = tokens.values.first(where: { $0.hash == hash })?.owner, try await exists(owner) else { return nil }
        return owner
    }

    func token(monitor: MonitorID, tenant: TenantID) async throws -> StoredPushToken? {
        guard let token = tokens[monitor], token.owner.tenantID == tenant, try await exists(token.owner) else { return nil }
        return token
    }

    func record(_ beat: PushBeat) async throws {
        guard try await exists(PushTokenOwner(tenantID: beat.tenantID, monitorID: beat.monitorID)) else {
            throw StoreError.notFound(entity: "monitor", id: beat.monitorID.description)
        }
        beats[beat.monitorID] = beat
    }

    func latestBeat(monitor: MonitorID) async throws -> PushBeat? {
        guard let beat = beats[monitor], try await exists(PushTokenOwner(tenantID: beat.tenantID, monitorID: monitor)) else { return nil }
        return beat
    }

    func listAllTokens() -> [StoredPushToken] { tokens.values.sorted { $0.issuedAt < $1.issuedAt } }

    func eraseAllTenants() {
        tokens = [:]
        beats = [:]
    }

    private func exists(_ owner: PushTokenOwner) async throws -> Bool {
        try await data.monitor(owner.monitorID, tenant: owner.tenantID) != nil
    }
}

/// Log lines in memory, searched by the same words the stores match.
actor InMemoryLogs: LogRepository {
    private var rows: [LogEntry] = []
    private var keys: [String: (fingerprint: String, receipt: IngestReceipt)] = [:]
    private var nextSeq: Int64 = 1

    func commit(logs entries: [LogEntry], tenant: TenantID, idempotency: IdempotencyKey?) throws -> IngestReceipt {
        let key = idempotency.map { "\(tenant)\u{0}\($0.endpoint)\u{0}\($0.key)" }
        if let idempotency, let key, let known = keys[key] {
            guard known.fingerprint == idempotency.fingerprint else {
                throw StoreError.conflict(entity: "idempotency key", detail: "the Idempotency-Key '\(idempotency.key)' was used for another batch")
            }
            var receipt = known.receipt
            receipt.replayed = true
            return receipt
        }
        for entry in entries {
            var stored = entry
            stored.id = nextSeq
            stored.tenantID = tenant
            rows.append(stored)
            nextSeq += 1
        }
        let receipt = IngestReceipt(accepted: entries.count, replayed: false, committedAt: Date())
        if let idempotency, let key { keys[key] = (idempotency.fingerprint, receipt) }
        return receipt
    }

    func search(tenant: TenantID, filter: LogFilter, page: PageRequest) -> Page<LogEntry> {
        let before = page.cursor.flatMap(Int64.init) ?? .max
        let words = Set(filter.words)
        if filter.text != nil, words.isEmpty { return Page(items: [], nextCursor: nil) }
        let selected = rows.reversed().filter { entry in
            entry.tenantID == tenant && (entry.id ?? 0) < before && (filter.from.map { entry.time >= $0 } ?? true)
                && (filter.to.map { entry.time < $0 } ?? true) && (filter.levels.map { $0.isEmpty || $0.contains(entry.level) } ?? true)
                && (filter.source.map { entry.source == $0 } ?? true) && (filter.monitorID.map { entry.monitorID == $0 } ?? true)
                && words.isSubset(of: Set(LogFilter.words(in: entry.message)))
        }
        return Page(sequenced: selected.prefix(page.limit + 1).map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func count(tenant: TenantID, since: Date) -> Int { rows.filter { $0.tenantID == tenant && $0.receivedAt >= since }.count }

    func prune(before date: Date) -> Int {
        let before = rows.count
        rows.removeAll { $0.time < date }
        return before - rows.count
    }

    func listAllTenants(page: PageRequest) -> Page<LogEntry> {
        let after = page.cursor.flatMap(Int64.init) ?? 0
        return Page(sequenced: rows.filter { ($0.id ?? 0) > after }.prefix(page.limit + 1).map { ($0.id ?? 0, $0) }, limit: page.limit)
    }

    func eraseAllTenants() {
        rows = []
        keys = [:]
    }
}
