import Foundation
import Kernel

/// Monitor leases kept in memory, on the wall clock or a test's clock: lets several
/// schedulers in one test process divide an `InMemoryLeasedStore()` as servers divide a
/// PostgreSQL database.
actor InMemoryLeases: LeaseRepository {
    private let data: InMemoryData
    private let clock: any SchedulerClock
    private var leases: [MonitorID: (owner: String, expires: Date)] = [:]
    private var heartbeats: [String: Date] = [:]

    init(data: InMemoryData, clock: any SchedulerClock) {
        self.data = data
        self.clock = clock
    }

    func renew(server: String, ttl: Double) async throws -> LeaseStatus {
        let schedulable = Set(try await data.all().filter { !$0.0.paused }.map(\.0.id))
        let now = clock.now
        heartbeats[server] = now
        var held = Set<MonitorID>()
        for (id, lease) in leases where lease.owner == server {
            if schedulable.contains(id) {
                leases[id] = (server, now.addingTimeInterval(ttl))
                held.insert(id)
            } else {
                leases[id] = nil
            }
        }
        let live = heartbeats.values.filter { now.timeIntervalSince($0) < ttl }.count
        return LeaseStatus(held: held, liveServers: live, monitors: schedulable.count)
    }

    func claim(server: String, ttl: Double, limit: Int) async throws -> Set<MonitorID> {
        let now = clock.now
        var claimed = Set<MonitorID>()
        for (monitor, _) in try await data.all() where !monitor.paused && claimed.count < limit {
            if let lease = leases[monitor.id], lease.expires > now { continue }
            leases[monitor.id] = (server, now.addingTimeInterval(ttl))
            claimed.insert(monitor.id)
        }
        return claimed
    }

    func release(server: String, monitors: [MonitorID]?) async throws {
        for (id, lease) in leases where lease.owner == server && (monitors?.contains(id) ?? true) {
            leases[id] = nil
        }
    }
}
