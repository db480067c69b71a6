import Foundation
import Logging
import Synchronization

/// The monitors a server runs (unpaused, with `server` among their locations): read from
/// the store at start, followed through the bus
/// (`monitor.created`, `monitor.updated`, `monitor.deleted`, `tenant.updated`) after, each
/// prepared under its tenant's egress policy.
public final class StoreMonitorSource: JobSource, Sendable {
    /// Every address refused, for a tenant whose policy could not be read: probes fail
    /// closed rather than run unrestricted. Read again on the tenant's next change or reload.
    static let unreadablePolicy = EgressPolicy(denied: ["0.0.0.0/0", "::/0"].compactMap(NetworkPrefix.init))

    private let store: any Store
    private let events: EventBus
    private let probes: ProbeDirectory
    private let context: MonitorJobContext
    private let logger: Logger
    /// Whether the jobs run under leases: then the start-up load does not fill
    /// `LatestResults`, since a monitor shows there only once this server holds it.
    private let leased: Bool
    /// Each tenant's egress policy, applied to its monitors' probes.
    private let egress = Mutex<[TenantID: EgressPolicy]>([:])

    init(store: any Store, events: EventBus, probes: ProbeDirectory, metrics: SchedulerMetrics, latest: LatestResults, leased: Bool,
         maintenance: MaintenanceCalendar, logger: Logger, serverIsALocation: Bool = false) {
        self.store = store
        self.events = events
        self.probes = probes
        self.leased = leased
        self.logger = logger
        context = MonitorJobContext(results: store.results, metrics: metrics, logger: logger, latest: latest, maintenance: maintenance,
                                    serverIsALocation: serverIsALocation)
    }

    /// The state a server's job of `monitor` starts from: its `server` location's when the
    /// servers are one of its locations (the monitor's own is the quorum's), else `stored`.
    private func serverState(of monitor: Monitor, stored: MonitorState?) async -> MonitorState? {
        guard context.serverIsALocation, monitor.serverIsOneOfItsLocations, let agents = (store as? any AgentStore)?.agents else { return stored }
        let states = try? await agents.locationStates(of: monitor.id, tenant: monitor.tenantID)
        return states?[MonitorLocations.server] ?? stored
    }

    public func start() async throws -> JobFeed<MonitorJob> {
        // Only the changes it acts on, so that busy status and plugin events never push a
        // monitor change out of its buffer.
        let subscription = events.subscribe(EventFilter(topics: [MonitorCreated.eventName, MonitorUpdated.eventName, MonitorDeleted.eventName,
                                                              MonitorsImported.eventName, TenantUpdated.eventName]))
        // Each monitor's last result comes with the load, in one read, so that no first run
        // after a start asks the store on its own.
        // Whole only for the probes that read it; the others' details are dropped at once.
        var latest: [MonitorID: ProbeResult] = [:]
        for record in try await store.results.latestOfEveryMonitor() {
            guard let id = record.monitorID else { continue }
            if probes.runner(for: record.kind)?.readsPreviousResult == true {
                latest[id] = record.result
            } else {
                latest[id] = ProbeResult(status: record.result.status, latency: record.result.latency, failure: record.result.failure,
                                         metrics: record.result.metrics)
            }
        }
        let jobs = try await readAll(latest: latest)
        logger.info("scheduler loaded monitors", metadata: ["count": "\(jobs.count)"])
        return JobFeed(initial: jobs, changes: JobFeed.changes(following: subscription) { await self.change(for: $0) })
    }

    public func all() async throws -> [MonitorJob] { try await readAll(latest: nil) }

    /// Every unpaused monitor as a job; with `latest` (the start-up load), each with its last
    /// stored result, else reading it at its first run.
    private func readAll(latest: [MonitorID: ProbeResult]?) async throws -> [MonitorJob] {
        let all = try await store.monitors.listAllTenantsForScheduling()
        await loadEgress(for: Set(all.map(\.0.tenantID)))
        var jobs: [MonitorJob] = []
        jobs.reserveCapacity(all.count)
        for (monitor, state) in all where !monitor.paused && monitor.runsOnServer {
            let last = latest?[monitor.id]
            let job = job(monitor, state: await serverState(of: monitor, stored: state) ?? .initial, lastResult: last, storedResultLoaded: latest != nil)
            if let last, !leased { context.latest.record(LatestResult(labels: job.definition, result: last)) }
            jobs.append(job)
        }
        return jobs
    }

    public func refresh(_ jobs: [MonitorJob]) async -> [MonitorJob] {
        var refreshed: [MonitorJob] = []
        for (tenant, group) in Dictionary(grouping: jobs, by: \.monitor.tenantID) {
            let stored = (try? await store.monitors.states(of: group.map(\.id), tenant: tenant)) ?? [:]
            for old in group {
                refreshed.append(job(old.monitor, state: await serverState(of: old.monitor, stored: stored[old.id]) ?? old.state, lastResult: nil, storedResultLoaded: false))
            }
        }
        return refreshed
    }

    /// The change an event means, read from the store; nil for an event that changes nothing.
    private func change(for event: Event) async -> JobChange<MonitorJob>? {
        if let id = event.payload(as: MonitorCreated.self)?.monitorID ?? event.payload(as: MonitorUpdated.self)?.monitorID {
            do {
                guard let monitor = try await store.monitors.get(id, tenant: event.tenantID), !monitor.paused, monitor.runsOnServer else {
                    return .remove(id)
                }
                await loadEgress(for: [event.tenantID])
                let state = await serverState(of: monitor, stored: try await store.monitors.state(of: id, tenant: event.tenantID)) ?? .initial
                return .upsert(job(monitor, state: state, lastResult: nil, storedResultLoaded: false), isLocal: event.origin == nil)
            } catch {
                logger.error("could not reload monitor", metadata: ["monitor": "\(id)", "error": "\(error)"])
                return nil
            }
        }
        if let deleted = event.payload(as: MonitorDeleted.self) { return .remove(deleted.monitorID) }
        if event.name == MonitorsImported.eventName {
            do {
                return .resync(try await all())
            } catch {
                logger.error("could not read the monitors after an import", metadata: ["error": "\(error)"])
                return nil
            }
        }
        if event.name == TenantUpdated.eventName {
            // Its monitors are prepared again under its new policy, keeping state and schedule.
            let tenant = event.tenantID
            egress.withLock { $0[tenant] = nil }
            await loadEgress(for: [tenant])
            let policy = egressPolicy(of: tenant), probes = self.probes
            return .modify(matching: { $0.monitor.tenantID == tenant }, change: { $0 = $0.reprepared(probes: probes, egress: policy) })
        }
        return nil
    }

    private func job(_ monitor: Monitor, state: MonitorState, lastResult: ProbeResult?, storedResultLoaded: Bool) -> MonitorJob {
        MonitorJob(MonitorDefinition(monitor, probes: probes, egress: egressPolicy(of: monitor.tenantID), context: context),
                   state: state, lastResult: lastResult, storedResultLoaded: storedResultLoaded)
    }

    /// The policy a monitor of `tenant` is prepared with.
    func egressPolicy(of tenant: TenantID) -> EgressPolicy {
        egress.withLock { $0[tenant] } ?? Self.unreadablePolicy
    }

    /// Reads the policies of the tenants not yet known.
    private func loadEgress(for tenants: Set<TenantID>) async {
        let known = egress.withLock { Set($0.keys) }
        for tenant in tenants.subtracting(known) {
            do {
                let policy = try await store.tenants.get(tenant)?.egress ?? .unrestricted
                egress.withLock { $0[tenant] = policy }
            } catch {
                logger.error("could not read a tenant's egress policy; its probes refuse every address until it is read",
                             metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }
}
