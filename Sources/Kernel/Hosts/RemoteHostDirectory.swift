/// The remote hosts a plugin may reach over SSH (`probe.mtr_ssh`, later host metrics): a host
/// by id within the tenant a run is for, its credentials with their secrets opened, and the
/// pinning of its host key. The host builds it from a store with the `.hosts` capability and
/// passes it as `PluginContext.hosts`; a plugin never gets the whole store.
public struct RemoteHostDirectory: Sendable {
    private let repository: any RemoteHostRepository
    private let sealer: (any SecretSealer)?
    /// The directory a credential's `privateKeyFile` must lie in; nil refuses key files.
    public let keyDirectory: String?

    /// Creates a directory over a store's hosts, opening secrets with `sealer`.
    public init(repository: any RemoteHostRepository, sealer: (any SecretSealer)?, keyDirectory: String?) {
        self.repository = repository
        self.sealer = sealer
        self.keyDirectory = keyDirectory
    }

    /// The host, or nil when it is not in `tenant`.
    public func host(_ id: RemoteHostID, tenant: TenantID) async throws -> RemoteHost? {
        try await repository.get(id, tenant: tenant)
    }

    /// The host's credentials with their secrets opened, for the SSH transport only; throws
    /// `ValidationError` on `credentials.<path>` when a secret cannot be opened.
    public func credentials(of host: RemoteHost) throws -> RemoteHostCredentials {
        try RemoteHostCredentials.schema.open(host.credentials, sealer: sealer)
    }

    /// Records `fingerprint` as the host's key when none is pinned yet (trust on first use);
    /// returns whether it was recorded. A pinned key is never replaced here: only an operator
    /// accepts a changed key (`POST /api/v1/hosts/{id}/accept-host-key`).
    @discardableResult
    public func pinFirstHostKey(_ fingerprint: String, of host: RemoteHost) async throws -> Bool {
        guard host.hostKey == nil else { return false }
        return try await repository.pinHostKey(fingerprint, host: host.id, tenant: host.tenantID, expected: nil)
    }
}
