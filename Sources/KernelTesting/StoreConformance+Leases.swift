import Foundation
import Kernel

extension StoreConformance {
    static func leases(of store: any Store) throws -> any LeaseRepository {
        guard let leases = (store as? any LeaseStore)?.leases else { throw ConformanceFailure(message: "the store offers no leases", location: #fileID) }
        return leases
    }

    static func monitors(_ count: Int, in store: any Store) async throws -> [MonitorID] {
        let tenant = try await Fixtures.tenant(in: store)
        var ids: [MonitorID] = []
        for index in 0..<count {
            let monitor = Fixtures.monitor(tenant: tenant, name: "m\(index)", created: Double(index))
            try await store.monitors.create(monitor, tenant: tenant)
            ids.append(monitor.id)
        }
        return ids
    }

    /// Cases for `LeaseStore`s, added by `cases(for:)` to every store type that conforms.
    static let leaseCases: [StoreConformanceCase] = [
        .init("leases: servers claim disjoint shares, renew them, and count each other") { store in
            let leases = try leases(of: store)
            let all = Set(try await monitors(6, in: store))
            let first = try await leases.renew(server: "a", ttl: 30)
            try expectEqual(first, LeaseStatus(held: [], liveServers: 1, monitors: 6), "a fresh server")
            let a = try await leases.claim(server: "a", ttl: 30, limit: 4)
            try expectEqual(a.count, 4, "claims up to the limit")
            _ = try await leases.renew(server: "b", ttl: 30)
            let b = try await leases.claim(server: "b", ttl: 30, limit: 6)
            try expectEqual(b, all.subtracting(a), "only free monitors are claimed")
            let renewed = try await leases.renew(server: "a", ttl: 30)
            try expectEqual(renewed.held, a, "renewal keeps the leases")
            try expectEqual(renewed.liveServers, 2, "both servers are live")
            try expectEqual(renewed.share, 3, "the fair share")
        },
        .init("leases: an expired lease is taken over, and the old owner no longer holds it") { store in
            let leases = try leases(of: store)
            let ids = try await monitors(2, in: store)
            // Two seconds: long enough that b's first claim comes before expiry on a loaded
            // machine (0.5 s once did not, with the whole suite running).
            _ = try await leases.renew(server: "a", ttl: 2)
            try expectEqual(try await leases.claim(server: "a", ttl: 2, limit: 2).count, 2, "a claims both")
            try expectEqual(try await leases.claim(server: "b", ttl: 30, limit: 2).count, 0, "live leases are not taken")
            try await Task.sleep(for: .milliseconds(2300))
            let taken = try await leases.claim(server: "b", ttl: 30, limit: 2)
            try expectEqual(taken, Set(ids), "expired leases are taken")
            let status = try await leases.renew(server: "a", ttl: 30)
            try expectEqual(status.held, [], "the old owner lost them")
            try expectEqual(status.liveServers, 1, "a server silent past the lease time is not counted")
        },
        .init("leases: release frees leases; paused and deleted monitors drop out") { store in
            let leases = try leases(of: store)
            let ids = try await monitors(3, in: store)
            _ = try await leases.renew(server: "a", ttl: 30)
            _ = try await leases.claim(server: "a", ttl: 30, limit: 3)
            try await leases.release(server: "a", monitors: [ids[0]])
            try expectEqual(try await leases.claim(server: "b", ttl: 30, limit: 3), [ids[0]], "a released lease is free")
            let tenant = try await store.monitors.listAllTenantsForScheduling()[0].0.tenantID
            var paused = try await store.monitors.get(ids[1], tenant: tenant)!
            paused.paused = true
            try await store.monitors.update(paused, tenant: tenant)
            try await store.monitors.delete(ids[2], tenant: tenant)
            let status = try await leases.renew(server: "a", ttl: 30)
            try expectEqual(status.held, [], "paused and deleted monitors are not held")
            try expectEqual(status.monitors, 1, "only unpaused monitors are divided")
            try await leases.release(server: "b", monitors: nil)
            try expectEqual(try await leases.claim(server: "a", ttl: 30, limit: 3), [ids[0]], "release of all")
        },
    ]

    /// Cases for `EventRelayStore`s, added by `cases(for:)` to every store type that conforms.
    static let eventRelayCases: [StoreConformanceCase] = [
        .init("events: an event sent through the relay is received with its origin") { store in
            let event = Event(tenantID: .random(), MonitorCreated(monitorID: .random()), origin: "server-a")
            try expectEqual(try await relayed(event, through: store), event, "the event and its origin arrive")
        },
        .init("events: an event larger than a notification (64 KiB payload) is relayed whole") { store in
            let large = JSONValue.object(["answers": .array((0..<2048).map { .string("record-\($0)-" + String(repeating: "x", count: 20)) })])
            let event = Event(tenantID: .random(), name: "dns.answer_changed", json: large, origin: "server-a")
            try expectEqual(try await relayed(event, through: store), event, "the large event arrives whole")
        },
    ]

    /// Sends `event` through the store's relay until it comes back (listening starts in the
    /// background), for at most 6 s; nil when it never does.
    private static func relayed(_ event: Event, through store: any Store) async throws -> Event? {
        guard let relay = (store as? any EventRelayStore)?.eventRelay else { throw ConformanceFailure(message: "the store offers no event relay", location: #fileID) }
        let stream = relay.receive()
        let sender = Task {
            for _ in 0..<60 where !Task.isCancelled {
                try? await relay.send(event)
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { sender.cancel() }
        return await firstElement(of: stream, within: 6) { $0.id == event.id }
    }
}
