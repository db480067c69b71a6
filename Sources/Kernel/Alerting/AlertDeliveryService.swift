import CoreMetrics
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers the alerts the evaluation committed, apart from the scheduler: it claims due
/// deliveries in the store (each claimed by one server, for a bounded time), sends each
/// through its channel's notifier under a timeout with at most `maxConcurrentDeliveries` at
/// once, and records every attempt. A failed attempt is retried with exponential backoff
/// until `maxAttempts`; a receiver that refuses for good (a 4xx, a rejected login) is not
/// retried. A server killed mid-delivery leaves its claims to expire and be taken again.
public final class AlertDeliveryService: Service, Sendable {
    private let store: any AlertStore
    private let notifiers: [String: NotifierRunner]
    private let sealer: (any SecretSealer)?
    private let settings: AlertingSettings
    private let owner: String
    private let clock: any SchedulerClock
    private let logger: Logger
    private let wake = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    private let delivered: Counter
    private let failedAttempts: Counter
    private let latency: CoreMetrics.Timer
    private let pending: Gauge
    private let running = Atomic<Int>(0)

    /// Creates the service; `owner` names this server in claims and in the attempts it records.
    public init(store: any AlertStore, notifiers: [NotifierRunner], sealer: (any SecretSealer)?, settings: AlertingSettings, owner: String,
                logger: Logger, metricsFactory: any MetricsFactory, clock: any SchedulerClock = WallClock()) {
        self.store = store
        self.notifiers = Dictionary(notifiers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.sealer = sealer
        self.settings = settings
        self.owner = owner
        self.clock = clock
        self.logger = logger
        delivered = Counter(label: "vantage_alert_deliveries_total", dimensions: [("outcome", "delivered")], factory: metricsFactory)
        failedAttempts = Counter(label: "vantage_alert_deliveries_total", dimensions: [("outcome", "failed_attempt")], factory: metricsFactory)
        latency = Timer(label: "vantage_alert_delivery_seconds", factory: metricsFactory)
        pending = Gauge(label: "vantage_alert_deliveries_pending", factory: metricsFactory)
    }

    /// Looks for due deliveries now rather than at the next poll.
    public func wakeUp() { wake.continuation.yield() }

    /// Delivers until cancelled or shut down. Attempts under way at shutdown are cancelled;
    /// their claims expire and another server (or the next start) takes them again.
    public func run() async throws {
        let ticker = Task { [clock, settings, wake, store, pending] in
            while !Task.isCancelled {
                // Every tenant's pending deliveries, whichever server will send them: a
                // backlog that grows means receivers are down or this server is behind.
                if let count = try? await store.alerts.pendingDeliveries() { pending.record(count) }
                try? await clock.sleep(seconds: settings.pollSeconds)
                wake.continuation.yield()
            }
        }
        defer { ticker.cancel() }
        do {
            try await store.alerts.releaseClaims(owner: owner)
        } catch {
            logger.warning("releasing this server's earlier claims failed; they are taken again when they expire", metadata: ["error": "\(error)"])
        }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                var wakes = self.wake.stream.makeAsyncIterator()
                while !Task.isCancelled {
                    let free = self.settings.maxConcurrentDeliveries - self.running.load(ordering: .acquiring)
                    if free > 0 {
                        let now = self.clock.now
                        let hold = now.addingTimeInterval(self.settings.deliveryTimeoutSeconds * 2 + 30)
                        do {
                            for claim in try await self.store.alerts.claimDeliveries(owner: self.owner, now: now, until: hold, limit: free) {
                                self.running.add(1, ordering: .acquiringAndReleasing)
                                group.addTask {
                                    await self.attempt(claim)
                                    self.running.subtract(1, ordering: .acquiringAndReleasing)
                                    self.wake.continuation.yield()
                                }
                            }
                        } catch {
                            self.logger.warning("claiming alert deliveries failed", metadata: ["error": "\(error)"])
                        }
                    }
                    // An attempt that ends, a commit with new alerts, or the poll wakes it.
                    guard await wakes.next() != nil else { break }
                }
            }
        }
    }

    /// One attempt at one delivery, recorded in the store.
    func attempt(_ claim: ClaimedDelivery) async {
        var delivery = claim.delivery
        let started = clock.now
        let outcome = await send(claim)
        let duration = max(0, clock.now.timeIntervalSince(started))
        latency.recordSeconds(duration)
        delivery.attempts.append(DeliveryAttempt(at: started, duration: duration, delivered: outcome.delivered, status: outcome.status,
                                                 detail: outcome.detail, server: owner))
        if outcome.delivered {
            delivery.state = .delivered
            delivery.nextAttemptAt = nil
            delivered.increment()
        } else if outcome.suppressed {
            delivery.state = .suppressed
            delivery.nextAttemptAt = nil
        } else {
            failedAttempts.increment()
            if !outcome.retryable || delivery.attempts.count >= settings.maxAttempts {
                delivery.state = .failed
                delivery.nextAttemptAt = nil
                logger.warning("alert delivery given up", metadata: ["alert": "\(claim.alert.id)", "channel": "\(delivery.channelName)",
                                                                     "attempts": "\(delivery.attempts.count)", "error": "\(outcome.detail ?? "")"])
            } else {
                delivery.nextAttemptAt = clock.now.addingTimeInterval(settings.backoff(afterAttempts: delivery.attempts.count, unit: Double.random(in: 0..<1)))
            }
        }
        do {
            try await store.alerts.finishAttempt(delivery, owner: owner)
        } catch {
            logger.warning("recording an alert delivery failed; it is tried again once its claim expires", metadata: ["error": "\(error)"])
        }
    }

    private struct Outcome {
        var delivered = false
        var suppressed = false
        var retryable = true
        var status: Int?
        var detail: String?
    }

    private func send(_ claim: ClaimedDelivery) async -> Outcome {
        let channel: NotificationChannelRecord?
        do {
            channel = try await store.alerts.config(.channel, id: claim.delivery.channelID.rawValue, tenant: claim.delivery.tenantID)?
                .record(as: NotificationChannelRecord.self)
        } catch {
            return Outcome(detail: "the channel could not be read: \(error)")
        }
        guard let channel else { return Outcome(suppressed: true, detail: "the channel was deleted") }
        guard channel.enabled else { return Outcome(suppressed: true, detail: "the channel is disabled") }
        guard let notifier = notifiers[channel.type] else {
            return Outcome(retryable: false, detail: "no notifier instance named \(channel.type) is enabled on this server")
        }
        do {
            let receipt = try await Self.withTimeout(settings.deliveryTimeoutSeconds) { [sealer] in
                try await notifier.send(claim.alert, channel: channel.name, settings: channel.settings, sealer: sealer)
            }
            return Outcome(delivered: true, status: receipt.status, detail: receipt.detail)
        } catch let failure as NotificationFailure {
            return Outcome(retryable: failure.retryable, status: failure.status, detail: failure.message)
        } catch let error as ValidationError {
            return Outcome(retryable: false, detail: "the channel's settings no longer decode: \(error)")
        } catch {
            return Outcome(detail: Self.describe(error, timeout: settings.deliveryTimeoutSeconds))
        }
    }

    private struct DeliveryTimeout: Error {}

    /// An error of a delivery in words (a timeout of `withTimeout` as "no answer within").
    public static func describe(_ error: any Error, timeout: Double) -> String {
        if error is DeliveryTimeout { return "no answer within \(timeout) s" }
        return "\(error)"
    }

    /// Runs `body`, cancelled and reported as a timeout (see `describe`) after `seconds`.
    public static func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw DeliveryTimeout() }
            return value
        }
    }
}
