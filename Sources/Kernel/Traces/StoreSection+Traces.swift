extension StoreSection {
    /// Trace runs of every tenant (`TraceStore`), with their origins' results.
    public static let traces = StoreSection(
        "traces",
        holdsRecords: { store in
            guard let store = store as? any TraceStore else { return false }
            return try await !store.traces.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty
        },
        copy: { context in
            guard let source = context.source as? any TraceStore, let target = context.target as? any TraceStore else { return }
            let runs = try await context.all { try await source.traces.listAllTenants(page: $0) }
            for run in runs { try await target.traces.create(run) }
            context.count("traces", runs.count)
        },
        erase: { store in try await (store as? any TraceStore)?.traces.eraseAllTenants() }
    )
}
