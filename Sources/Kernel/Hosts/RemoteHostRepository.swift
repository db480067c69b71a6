/// Remote hosts, scoped by tenant (`HostStore`).
public protocol RemoteHostRepository: Sendable {
    /// Stores a new host; `StoreError.conflict` when its id exists or its name is taken in
    /// the tenant.
    func create(_ host: RemoteHost, tenant: TenantID) async throws
    /// The host, or nil when it is not in `tenant`.
    func get(_ id: RemoteHostID, tenant: TenantID) async throws -> RemoteHost?
    /// Hosts of `tenant`, oldest first.
    func list(tenant: TenantID, page: PageRequest) async throws -> Page<RemoteHost>
    /// Replaces a host (its pinned key included); `StoreError.notFound` when it is not in
    /// `tenant`, `StoreError.conflict` when the new name is taken.
    func update(_ host: RemoteHost, tenant: TenantID) async throws
    /// Deletes a host; false when it was not in `tenant`.
    @discardableResult func delete(_ id: RemoteHostID, tenant: TenantID) async throws -> Bool
    /// Pins `fingerprint` as the host's key if the pinned key is still `expected` (nil: none
    /// yet, trust on first use); returns whether it changed. Two servers recording a first
    /// key at once cannot overwrite each other.
    func pinHostKey(_ fingerprint: String, host: RemoteHostID, tenant: TenantID, expected: String?) async throws -> Bool
    /// Every host of every tenant, oldest first (store migration).
    func listAllTenants(page: PageRequest) async throws -> Page<RemoteHost>
    /// Deletes every host of every tenant (`vantage store migrate --force`).
    func eraseAllTenants() async throws
}

/// A store that keeps remote hosts reached over SSH.
public protocol HostStore: Store {
    /// The hosts.
    var hosts: any RemoteHostRepository { get }
}
