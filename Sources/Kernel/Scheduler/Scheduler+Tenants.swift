import Foundation

/// The tenants' egress policies, which the scheduler applies to every probe it prepares.
extension Scheduler {
    /// Every address refused, for a tenant whose policy could not be read: probes fail
    /// closed rather than run unrestricted. Read again on the tenant's next change or reload.
    static let unreadablePolicy = EgressPolicy(denied: ["0.0.0.0/0", "::/0"].compactMap(NetworkPrefix.init))

    /// The policy a monitor of `tenant` is prepared with.
    func egressPolicy(of tenant: TenantID) -> EgressPolicy {
        egress[tenant] ?? Self.unreadablePolicy
    }

    /// Reads the policies of the tenants not yet known.
    func loadEgress(for tenants: Set<TenantID>) async {
        for tenant in tenants where egress[tenant] == nil {
            do {
                egress[tenant] = try await store.tenants.get(tenant)?.egress ?? .unrestricted
            } catch {
                logger.error("could not read a tenant's egress policy; its probes refuse every address until it is read",
                             metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }

    /// A tenant changed: its monitors are prepared again under its new policy, keeping their
    /// state and schedule.
    func tenantUpdated(_ tenant: TenantID) async {
        egress[tenant] = nil
        await loadEgress(for: [tenant])
        for entry in entries.values where entry.monitor.tenantID == tenant {
            install(entry.monitor, state: entry.state, due: entry.state.nextRunAt ?? Date())
        }
    }
}
