import Foundation
import Kernel

/// The rules for changing monitors, free of HTTP: validate against the enabled probes and the
/// tenant's egress policy, seal secrets, write, then publish the change so the scheduler (and,
/// through the relay, every server) picks it up. The API uses it; the CLI and agent
/// assignment will too, so the rules live in one place.
public struct MonitorService: Sendable {
    let store: any Store
    let probes: ProbeDirectory
    let events: EventBus

    /// Creates the service over the assembled store, probes and bus.
    public init(store: any Store, probes: ProbeDirectory, events: EventBus) {
        self.store = store
        self.probes = probes
        self.events = events
    }

    /// The tenant's egress policy, applied on top of each probe plugin's own.
    func egress(of tenant: TenantID) async throws -> EgressPolicy {
        try await store.tenants.get(tenant)?.egress ?? .unrestricted
    }

    /// The monitor, or nil when it is not in `tenant`.
    public func get(_ id: MonitorID, tenant: TenantID) async throws -> Monitor? {
        try await store.monitors.get(id, tenant: tenant)
    }

    /// Creates a monitor from validated input; throws `ValidationError` naming each bad field.
    func create(_ input: MonitorInput, tenant: TenantID) async throws -> Monitor {
        try await createIssuingToken(input, tenant: tenant).monitor
    }

    /// Creates a monitor; one of a kind that accepts pushes gets its push token, returned
    /// here once (the store keeps only its hash).
    func createIssuingToken(_ input: MonitorInput, tenant: TenantID) async throws -> (monitor: Monitor, pushToken: String?) {
        let monitor = try input.makeMonitor(tenant: tenant, probes: probes, egress: try await egress(of: tenant))
        try await store.monitors.create(monitor, tenant: tenant)
        let token = acceptsPushes(monitor) ? try await issuePushToken(for: monitor) : nil
        events.publish(Event(tenantID: tenant, MonitorCreated(monitorID: monitor.id)))
        return (monitor, token)
    }

    /// Whether `monitor` is of a kind that judges pushes (`Probe.acceptsPushes`).
    func acceptsPushes(_ monitor: Monitor) -> Bool { probes.runner(for: monitor.kind)?.acceptsPushes == true }

    /// Issues `monitor` a new push token, replacing its previous one; returns the token.
    /// Throws a 409 problem when the monitor's kind takes no pushes or the store keeps none.
    func issuePushToken(for monitor: Monitor) async throws -> String {
        guard acceptsPushes(monitor), let pushes = (store as? any PushStore)?.pushes else {
            throw Problem(status: .conflict, detail: "monitor \(monitor.id) is of kind '\(monitor.kind)', which takes no pushes")
        }
        let token = PushToken.generate()
        try await pushes.issue(StoredPushToken(owner: PushTokenOwner(tenantID: monitor.tenantID, monitorID: monitor.id),
                                               hash: PushToken.hash(token), issuedAt: Date()))
        return token
    }

    /// Replaces every field of `existing` with `input` (PUT).
    func replace(_ existing: Monitor, with input: MonitorInput, tenant: TenantID) async throws -> Monitor {
        let monitor = try input.apply(to: existing, probes: probes, egress: try await egress(of: tenant))
        try await store.monitors.update(monitor, tenant: tenant)
        events.publish(Event(tenantID: tenant, MonitorUpdated(monitorID: monitor.id)))
        return monitor
    }

    /// Applies a JSON merge patch (RFC 7396) to `existing`'s input, then replaces (PATCH).
    func patch(_ existing: Monitor, with patch: JSONValue, tenant: TenantID) async throws -> Monitor {
        let merged = try JSONValue(encoding: MonitorInput(existing)).merged(with: patch)
        return try await replace(existing, with: try RequestDecoding.decode(MonitorInput.self, from: merged), tenant: tenant)
    }

    /// Deletes a monitor with its state and results; false when it was not in `tenant`.
    public func delete(_ id: MonitorID, tenant: TenantID) async throws -> Bool {
        guard try await store.monitors.delete(id, tenant: tenant) else { return false }
        events.publish(Event(tenantID: tenant, MonitorDeleted(monitorID: id)))
        return true
    }

    /// Pauses or resumes a monitor; nothing is written when it already is so.
    public func setPaused(_ paused: Bool, _ monitor: Monitor, tenant: TenantID) async throws -> Monitor {
        guard monitor.paused != paused else { return monitor }
        var changed = monitor
        changed.paused = paused
        changed.updatedAt = Date()
        try await store.monitors.update(changed, tenant: tenant)
        events.publish(Event(tenantID: tenant, MonitorUpdated(monitorID: changed.id)))
        return changed
    }
}
