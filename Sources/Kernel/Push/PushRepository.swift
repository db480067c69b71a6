import Foundation

/// Push monitors' tokens and last heartbeats (`PushStore`). A token is kept as its hash, one
/// per monitor (issuing another replaces it); only the latest beat of each monitor is kept,
/// since the push check reads only that. Both go with their monitor.
public protocol PushRepository: Sendable {
    /// Stores `token` as its monitor's only token, replacing any earlier one; throws
    /// `StoreError.notFound` when the monitor does not exist in its tenant.
    func issue(_ token: StoredPushToken) async throws
    /// The monitor whose token hashes to `hash`, or nil.
    func owner(ofTokenHash hash: String) async throws -> PushTokenOwner?
    /// The token stored for `monitor` of `tenant` (its hash and issue time), or nil.
    func token(monitor: MonitorID, tenant: TenantID) async throws -> StoredPushToken?
    /// Keeps `beat` as its monitor's latest.
    func record(_ beat: PushBeat) async throws
    /// The latest beat of `monitor`, or nil before the first.
    func latestBeat(monitor: MonitorID) async throws -> PushBeat?
    /// Every token of every tenant (store migration).
    func listAllTokens() async throws -> [StoredPushToken]
    /// Deletes every token and beat of every tenant (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// A store that keeps push monitors' tokens and heartbeats.
public protocol PushStore: Store {
    /// Tokens and latest beats.
    var pushes: any PushRepository { get }
}

extension StoreCapability {
    /// Push monitors' tokens and heartbeats (`PushStore`).
    public static let push = StoreCapability("push monitors", sections: [.pushTokens]) { $0 is any PushStore.Type }
}

extension StoreSection {
    /// Push tokens, so services keep pushing to the same URLs after a migration. Beats are
    /// not copied: the next push brings the monitor's state back.
    public static let pushTokens = StoreSection(
        "push tokens",
        holdsRecords: { store in
            guard let store = store as? any PushStore else { return false }
            return try await !store.pushes.listAllTokens().isEmpty
        },
        copy: { context in
            guard let source = context.source as? any PushStore, let target = context.target as? any PushStore else { return }
            let tokens = try await source.pushes.listAllTokens()
            for token in tokens { try await target.pushes.issue(token) }
            context.count("push tokens", tokens.count)
        },
        erase: { store in try await (store as? any PushStore)?.pushes.eraseAllTenants() }
    )
}
