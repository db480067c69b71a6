import Foundation
import Kernel
import SSHSupport

/// The rules for SSH hosts, free of HTTP: validate (address against the tenant's egress
/// policy, credentials through `RemoteHostCredentials.schema`), seal secrets, write; test a
/// connection and pin the host key on first use; accept a changed key; pause and resume the
/// collection of its metrics. Each change is published (`host.created`, `host.updated`,
/// `host.deleted`) for the collection service of every server. The API and `vantage hosts`
/// use it.
public struct HostService: Sendable {
    let store: any HostStore
    let sealer: (any SecretSealer)?
    let keyDirectory: String?
    let timeouts: SSHTimeouts
    let events: EventBus?

    /// Creates the service over a store with hosts; changes are published on `events`.
    public init(store: any HostStore, sealer: (any SecretSealer)?, keyDirectory: String?, timeouts: SSHTimeouts = SSHTimeouts(),
                events: EventBus? = nil) {
        self.store = store
        self.sealer = sealer
        self.keyDirectory = keyDirectory
        self.timeouts = timeouts
        self.events = events
    }

    func egress(of tenant: TenantID) async throws -> EgressPolicy {
        try await store.tenants.get(tenant)?.egress ?? .unrestricted
    }

    /// The host, or nil when it is not in `tenant`.
    public func get(_ id: RemoteHostID, tenant: TenantID) async throws -> RemoteHost? {
        try await store.hosts.get(id, tenant: tenant)
    }

    func create(_ input: HostInput, tenant: TenantID) async throws -> RemoteHost {
        let host = try input.apply(to: nil, tenant: tenant, egress: try await egress(of: tenant), sealer: sealer, keyDirectory: keyDirectory)
        try await store.hosts.create(host, tenant: tenant)
        events?.publish(Event(tenantID: tenant, HostCreated(hostID: host.id)))
        return host
    }

    func replace(_ existing: RemoteHost, with input: HostInput, tenant: TenantID) async throws -> RemoteHost {
        let host = try input.apply(to: existing, tenant: tenant, egress: try await egress(of: tenant), sealer: sealer, keyDirectory: keyDirectory)
        try await store.hosts.update(host, tenant: tenant)
        events?.publish(Event(tenantID: tenant, HostUpdated(hostID: host.id)))
        return host
    }

    /// Pauses (`paused` true) or resumes the collection of a host's metrics; its monitors
    /// and traces are not affected.
    func setCollectionPaused(_ paused: Bool, of existing: RemoteHost) async throws -> RemoteHost {
        try await changed(existing) { $0.collectionPaused = paused }
    }

    /// Pauses (`paused` true) or resumes the whole host: its monitors, its use as a trace
    /// origin and its collection.
    func setPaused(_ paused: Bool, of existing: RemoteHost) async throws -> RemoteHost {
        try await changed(existing) { $0.paused = paused }
    }

    private func changed(_ existing: RemoteHost, _ change: (inout RemoteHost) -> Void) async throws -> RemoteHost {
        var host = existing
        change(&host)
        host.updatedAt = Date()
        try await store.hosts.update(host, tenant: host.tenantID)
        events?.publish(Event(tenantID: host.tenantID, HostUpdated(hostID: host.id)))
        return host
    }

    func patch(_ existing: RemoteHost, with patch: JSONValue, tenant: TenantID) async throws -> RemoteHost {
        var base = try JSONValue(encoding: HostInput(existing))
        // The stored credentials are sealed; the patch is merged onto their redacted form, so a
        // secret left out keeps the stored one through its placeholder.
        if var object = base.objectValue {
            object["credentials"] = RemoteHostCredentials.schema.erased.redact(existing.credentials)
            base = .object(object)
        }
        let merged = base.merged(with: patch)
        return try await replace(existing, with: try RequestDecoding.decode(HostInput.self, from: merged), tenant: tenant)
    }

    /// Deletes a host and its stored metrics; false when it was not in `tenant`.
    public func delete(_ id: RemoteHostID, tenant: TenantID) async throws -> Bool {
        guard try await store.hosts.delete(id, tenant: tenant) else { return false }
        events?.publish(Event(tenantID: tenant, HostDeleted(hostID: id)))
        try await (store as? any SampleStore)?.samples.deleteSource(id.description, tenant: tenant)
        return true
    }

    /// Connects to a stored host, logs in and asks for `mtr --version`; pins the presented key
    /// when none is pinned yet (trust on first use).
    func test(_ host: RemoteHost) async throws -> HostTestView {
        let credentials = try RemoteHostCredentials.schema.open(host.credentials, sealer: sealer)
        let endpoint = try SSHEndpoint(host, credentials: credentials, keyDirectory: keyDirectory)
        let check = await SSHHostCheck.run(endpoint, timeouts: timeouts)
        var pinned = host.hostKey
        var recorded = false
        if pinned == nil, check.authenticated, let key = check.hostKey?.fingerprint {
            recorded = try await store.hosts.pinHostKey(key, host: host.id, tenant: host.tenantID, expected: nil)
            pinned = try await store.hosts.get(host.id, tenant: host.tenantID)?.hostKey
        }
        return HostTestView(check, pinnedHostKey: pinned, recorded: recorded)
    }

    /// Tests settings that are not saved; nothing is stored.
    func testConnection(_ input: HostInput, tenant: TenantID) async throws -> HostTestView {
        let host = try input.apply(to: nil, tenant: tenant, egress: try await egress(of: tenant), sealer: nil, keyDirectory: keyDirectory,
                                   requireName: false)
        let credentials = try RemoteHostCredentials.schema.decode(host.credentials)
        let check = await SSHHostCheck.run(try SSHEndpoint(host, credentials: credentials, keyDirectory: keyDirectory), timeouts: timeouts)
        return HostTestView(check, pinnedHostKey: nil, recorded: false)
    }

    /// Pins `fingerprint` as the host's key, replacing the pinned one: what an operator does
    /// after checking that the server's key really changed (`ssh_host_key_changed` names both).
    func acceptHostKey(_ fingerprint: String, of host: RemoteHost) async throws -> RemoteHost {
        guard HostInput.isFingerprint(fingerprint) else {
            throw ValidationError(field: "fingerprint", "must be a SHA-256 fingerprint as ssh-keygen -l prints it: SHA256: and 43 base64 characters")
        }
        guard try await store.hosts.pinHostKey(fingerprint, host: host.id, tenant: host.tenantID, expected: host.hostKey) else {
            throw StoreError.conflict(entity: "host", detail: "its pinned key changed meanwhile; read the host and try again")
        }
        guard let changed = try await store.hosts.get(host.id, tenant: host.tenantID) else { throw StoreError.notFound(entity: "host", id: host.id.description) }
        events?.publish(Event(tenantID: host.tenantID, HostUpdated(hostID: host.id)))
        return changed
    }
}
