import Foundation

/// Copies everything from one store to another through the `Store` protocol, so it works
/// between any two backends: tenants, users, memberships, API keys, monitors with their
/// scheduler state, and results in the order they were stored (`vantage store migrate`).
/// Leases are not copied: they are the running servers' business.
public struct StoreCopier: Sendable {
    /// How many records of each kind were copied.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        public var tenants = 0, users = 0, memberships = 0, apiKeys = 0, monitors = 0, states = 0, results = 0

        public var description: String {
            "\(tenants) tenants, \(users) users, \(memberships) memberships, \(apiKeys) API keys, \(monitors) monitors, \(states) monitor states, \(results) results"
        }
    }

    /// Why a copy did not start.
    public enum Refusal: Error, Sendable, CustomStringConvertible {
        /// The target holds records and `overwrite` was not given.
        case targetNotEmpty(String)

        public var description: String {
            switch self {
            case .targetNotEmpty(let what): "the target store is not empty (\(what)); pass --force to erase it and copy anyway"
            }
        }
    }

    private let source: any Store
    private let target: any Store
    private let batchSize: Int

    /// Creates a copier; `batchSize` results are read and written at a time.
    public init(from source: any Store, to target: any Store, batchSize: Int = 5000) {
        self.source = source
        self.target = target
        self.batchSize = batchSize
    }

    /// What the target holds, or nil when it is empty.
    public static func contents(of store: any Store) async throws -> String? {
        var found: [String] = []
        if !(try await store.tenants.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty) { found.append("tenants") }
        if try await store.users.count() > 0 { found.append("users") }
        if !(try await store.results.exportAllTenants(afterID: nil, limit: 1).isEmpty) { found.append("results") }
        return found.isEmpty ? nil : found.joined(separator: ", ")
    }

    /// Copies everything; with `overwrite`, erases a non-empty target first, otherwise refuses
    /// it. `progress` receives the report after each batch of results.
    public func copy(overwrite: Bool, progress: @Sendable (Report) -> Void = { _ in }) async throws -> Report {
        if let contents = try await Self.contents(of: target) {
            guard overwrite else { throw Refusal.targetNotEmpty(contents) }
            try await target.eraseAllTenants()
        }
        var report = Report()
        let tenants = try await all { try await source.tenants.listAllTenants(page: $0) }
        for tenant in tenants { try await target.tenants.create(tenant) }
        report.tenants = tenants.count
        for user in try await all({ try await source.users.listAllTenants(page: $0) }) {
            try await target.users.create(user)
            report.users += 1
        }
        for tenant in tenants {
            for (user, role) in try await source.memberships.members(of: tenant.id) {
                try await target.memberships.set(role, user: user.id, tenant: tenant.id)
                report.memberships += 1
            }
            for key in try await all({ try await source.apiKeys.list(tenant: tenant.id, page: $0) }) {
                try await target.apiKeys.create(key)
                report.apiKeys += 1
            }
            let monitors = try await all { try await source.monitors.list(tenant: tenant.id, page: $0) }
            for monitor in monitors { try await target.monitors.create(monitor, tenant: tenant.id) }
            report.monitors += monitors.count
            let states = try await source.monitors.states(of: monitors.map(\.id), tenant: tenant.id)
            try await target.monitors.saveStates(states.map { MonitorStateUpdate(tenantID: tenant.id, monitorID: $0.key, state: $0.value) })
            report.states += states.count
        }
        var after: Int64?
        while true {
            let batch = try await source.results.exportAllTenants(afterID: after, limit: batchSize)
            guard let last = batch.last else { break }
            try await target.results.append(batch.map { var copy = $0; copy.id = nil; return copy })
            report.results += batch.count
            after = last.id
            progress(report)
        }
        return report
    }

    private func all<T>(_ page: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var items: [T] = []
        var cursor: String?
        repeat {
            let next = try await page(PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            items += next.items
            cursor = next.nextCursor
        } while cursor != nil
        return items
    }
}
