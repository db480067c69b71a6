extension StoreSection {
    /// Alerting records for `vantage store migrate`: channels, rules and maintenance windows,
    /// every alert of the history with its deliveries (pending ones stay pending, so the
    /// target's servers deliver them), and the open alerts' subject states (so a monitor down
    /// before the move is resolved after it). The evaluation cursor is not copied: it points
    /// into the source's event outbox, which stays behind.
    public static let alerts = StoreSection(
        "alerts",
        holdsRecords: { store in
            guard let store = store as? any AlertStore else { return false }
            for kind in AlertConfigKind.allCases
            where try await !store.alerts.listConfigAllTenants(kind, page: PageRequest(limit: 1)).items.isEmpty {
                return true
            }
            return try await !store.alerts.subjectStates().isEmpty
        },
        copy: { context in
            guard let source = context.source as? any AlertStore, let target = context.target as? any AlertStore else { return }
            var documents = 0
            for kind in AlertConfigKind.allCases {
                for document in try await context.all({ try await source.alerts.listConfigAllTenants(kind, page: $0) }) {
                    try await target.alerts.createConfig(document)
                    documents += 1
                }
            }
            context.count("alerting settings", documents)
            var alerts = 0
            for tenant in try await context.all({ try await context.source.tenants.listAllTenants(page: $0) }) {
                // Newest first from the source; stored oldest first so the order is kept.
                let history = try await context.all { try await source.alerts.history(tenant: tenant.id, monitor: nil, page: $0) }
                try await target.alerts.record(history.reversed())
                alerts += history.count
            }
            context.count("alerts", alerts)
            let states = try await source.alerts.subjectStates()
            let cursor = try await target.alerts.evaluationCursor()
            _ = try await target.alerts.commitEvaluation(AlertEvaluationCommit(expectedRevision: cursor.revision, sequence: cursor.sequence,
                                                                               states: states))
            context.count("alert states", states.count)
        },
        erase: { store in try await (store as? any AlertStore)?.alerts.eraseAllTenants() }
    )
}
