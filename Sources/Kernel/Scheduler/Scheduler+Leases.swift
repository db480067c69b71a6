import Foundation

/// Monitor leases, with a store several servers share: which monitors this server runs.
extension Scheduler {
    /// Runs exactly the monitors in `held` from now on. Monitors taken over start from the
    /// store's state (another server ran them until now) on their own phase, at least half an
    /// interval after their last run, so a handover never runs a monitor twice in an interval.
    func applyLeases(_ held: Set<MonitorID>, certainUntil: Date) async {
        guard let owned = ownership else { return }
        ownership = held
        leasesCertainUntil = certainUntil
        metrics.leased.record(held.count)
        for id in owned.subtracting(held) where entries[id] != nil {
            nextGeneration += 1
            entries[id]?.generation = nextGeneration
        }
        let added = held.subtracting(owned)
        guard !added.isEmpty else { return }
        if added.contains(where: { entries[$0] == nil }) { await resync() }
        var byTenant: [TenantID: [MonitorID]] = [:]
        for id in added { if let entry = entries[id] { byTenant[entry.monitor.tenantID, default: []].append(id) } }
        let now = Date()
        for (tenant, ids) in byTenant {
            let stored = (try? await store.monitors.states(of: ids, tenant: tenant)) ?? [:]
            for id in ids where ownership?.contains(id) == true {
                guard var entry = entries[id] else { continue }
                entry.state = stored[id] ?? entry.state
                entry.lastResult = nil
                entry.storedResultLoaded = false
                entries[id] = entry
                let last = entry.state.lastCheckedAt?.addingTimeInterval(entry.monitor.interval / 2) ?? now
                install(entry.monitor, state: entry.state, due: SchedulePhase.nextSlot(for: entry.monitor, notBefore: max(now, last)))
            }
        }
    }

    /// Re-reads every monitor from the store: with a shared store, a monitor created or changed
    /// through another server whose event did not arrive.
    func resync() async {
        guard let all = try? await store.monitors.listAllTenantsForScheduling() else { return }
        await loadEgress(for: Set(all.map(\.0.tenantID)))
        let now = Date()
        var seen = Set<MonitorID>()
        for (monitor, state) in all where !monitor.paused {
            seen.insert(monitor.id)
            if let existing = entries[monitor.id], existing.monitor == monitor { continue }
            install(monitor, state: entries[monitor.id]?.state ?? state ?? .initial,
                    due: SchedulePhase.nextSlot(for: monitor, notBefore: now))
        }
        for id in entries.keys where !seen.contains(id) { remove(id) }
    }
}
