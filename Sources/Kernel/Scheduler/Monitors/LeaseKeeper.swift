import Foundation
import Logging

/// Keeps this server's share of the monitors when several servers share one store. Every
/// quarter of `leaseSeconds` it renews its leases (which last three quarters), gives up what
/// is above its fair share (monitors ÷ live servers, rounded up) after the scheduler has
/// stopped them, and claims free or expired leases up to its share. A killed server's leases
/// therefore expire and are taken within `leaseSeconds`, and a server that joins receives
/// its share within two renewals.
///
/// Each renewal also tells the scheduler until when its leases are certain (the renewal's
/// start plus the lease time): a server whose renewal is late (a stalled process) stops
/// launching runs at that moment, before any other server can claim the expired leases.
/// While the store cannot be reached, though, the scheduler keeps running what it holds: a
/// monitoring system that stops checking during a database outage fails when it is needed
/// most. The first renewal after the outage reports which leases are still this server's.
actor LeaseKeeper {
    private let leases: any LeaseRepository
    private let serverID: String
    private let period: Double
    private let logger: Logger
    private let clock: any SchedulerClock
    private var kicked = false
    private var failing = false
    private var held = Set<MonitorID>()

    init(leases: any LeaseRepository, serverID: String, leaseSeconds: Double, clock: any SchedulerClock, logger: Logger) {
        self.leases = leases
        self.clock = clock
        self.serverID = serverID
        self.period = leaseSeconds
        self.logger = logger
    }

    /// How long a lease lasts without renewal.
    var ttl: Double { period * 0.75 }

    /// Renews and rebalances every quarter period (sooner after `kick()`) until cancelled,
    /// then releases every lease so other servers take over at once.
    /// `apply` receives the monitors held and until when the leases are certain.
    func run(applying apply: @escaping @Sendable (Set<MonitorID>, Date) async -> Void) async {
        while !Task.isCancelled {
            await cycle(apply)
            let deadline = clock.now.addingTimeInterval(period / 4)
            while !Task.isCancelled && !kicked && clock.now < deadline {
                try? await clock.sleep(seconds: 0.1)
            }
            kicked = false
        }
        await apply([], .distantFuture)
        try? await leases.release(server: serverID, monitors: nil)
    }

    /// Asks for a renewal soon (a monitor was created here and should start promptly).
    func kick() { kicked = true }

    /// One renewal.
    func cycle(_ apply: @Sendable (Set<MonitorID>, Date) async -> Void) async {
        let started = clock.now
        let certainUntil = started.addingTimeInterval(ttl)
        do {
            let status = try await leases.renew(server: serverID, ttl: ttl)
            held = status.held
            if held.count > status.share {
                // Stop the runs before the leases go, so no other server starts one meanwhile.
                let excess = Array(held.prefix(held.count - status.share))
                held.subtract(excess)
                await apply(held, certainUntil)
                try await leases.release(server: serverID, monitors: excess)
            } else {
                if held.count < status.share {
                    held.formUnion(try await leases.claim(server: serverID, ttl: ttl, limit: status.share - held.count))
                }
                await apply(held, certainUntil)
            }
            if failing { logger.info("monitor leases renewed again", metadata: ["held": "\(held.count)"]) }
            failing = false
        } catch {
            if !failing {
                logger.error("could not renew monitor leases; running the monitors held until the store answers",
                             metadata: ["error": "\(error)"])
            }
            failing = true
            await apply(held, .distantFuture)
        }
    }
}
