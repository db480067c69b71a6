extension StoreSection {
    /// Remote hosts of every tenant (`HostStore`), copied with their sealed credentials and
    /// pinned keys as they are (both stores share the secret key of the data directory).
    public static let hosts = StoreSection(
        "hosts",
        holdsRecords: { store in
            guard let store = store as? any HostStore else { return false }
            return try await !store.hosts.listAllTenants(page: PageRequest(limit: 1)).items.isEmpty
        },
        copy: { context in
            guard let source = context.source as? any HostStore, let target = context.target as? any HostStore else { return }
            let hosts = try await context.all { try await source.hosts.listAllTenants(page: $0) }
            for host in hosts { try await target.hosts.create(host, tenant: host.tenantID) }
            context.count("hosts", hosts.count)
        },
        erase: { store in try await (store as? any HostStore)?.hosts.eraseAllTenants() }
    )
}
