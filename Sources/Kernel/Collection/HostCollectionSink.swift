import CoreMetrics
import Foundation
import Logging

/// Where the collection engine puts what it read: each host's samples appended to the store
/// (`SampleStore`), its live view updated (`LatestHostReadings`), and `host.offline` /
/// `host.online` written to the outbox and then published on the bus.
///
/// A failed write keeps the completions for the next flush, up to `maxBuffered` (oldest
/// dropped first, counted in `vantage_host_samples_dropped_total`), so a short store outage
/// loses no reading and announces nothing that is not stored.
public actor HostCollectionSink: ResultSink {
    private let samples: any SampleRepository
    private let checks: any CheckRepository
    private let bus: EventBus
    private let latest: LatestHostReadings
    private let logger: Logger
    private let maxBuffered: Int
    private var pending: [HostCollectionCompletion] = []
    /// Hosts deleted while this process ran: a collection of theirs still in flight, or
    /// waiting here, must not write samples after the host's series were deleted.
    private var forgotten: Set<RemoteHostID> = []
    private let succeeded: Counter
    private let failed: Counter
    private let dropped: Counter
    private let writeFailures: Counter

    /// Creates a sink writing to `samples` (and host events to `checks`' outbox).
    public init(samples: any SampleRepository, checks: any CheckRepository, events: EventBus, latest: LatestHostReadings, logger: Logger,
                metricsFactory: any MetricsFactory, maxBuffered: Int = 10_000) {
        self.samples = samples
        self.checks = checks
        self.bus = events
        self.latest = latest
        self.logger = logger
        self.maxBuffered = maxBuffered
        succeeded = Counter(label: "vantage_host_collections_total", dimensions: [("outcome", "success")], factory: metricsFactory)
        failed = Counter(label: "vantage_host_collections_total", dimensions: [("outcome", "failure")], factory: metricsFactory)
        dropped = Counter(label: "vantage_host_samples_dropped_total", factory: metricsFactory)
        writeFailures = Counter(label: "vantage_host_sample_write_failures_total", factory: metricsFactory)
    }

    public func submit(_ completions: [HostCollectionCompletion]) async {
        for completion in completions {
            if case .success = completion.outcome { succeeded.increment() } else { failed.increment() }
        }
        pending += completions.filter { $0.state != nil && !forgotten.contains($0.host.id) }
        if pending.count > maxBuffered {
            let excess = pending.count - maxBuffered
            pending.removeFirst(excess)
            dropped.increment(by: Int64(excess))
            logger.warning("the store is failing: oldest host readings dropped", metadata: ["dropped": "\(excess)"])
        }
    }

    /// Drops what waits for a deleted host, ignores its collections still in flight, and
    /// deletes its series again (a write that raced the deletion may have added some).
    public func forget(_ host: RemoteHostID, tenant: TenantID) async {
        forgotten.insert(host)
        pending.removeAll { $0.host.id == host }
        do {
            try await samples.deleteSource(host.description, tenant: tenant)
        } catch {
            logger.warning("could not delete a deleted host's samples", metadata: ["host": "\(host)", "error": "\(error)"])
        }
    }

    @discardableResult
    public func flush() async -> Bool {
        while let completion = pending.first {
            do {
                try await write(completion)
            } catch {
                writeFailures.increment()
                logger.warning("could not store a host reading; kept for the next flush",
                               metadata: ["host": "\(completion.host.id)", "error": "\(error)"])
                return false
            }
            pending.removeFirst()
        }
        return true
    }

    /// Stores one completion's samples and events, then updates the live view and publishes.
    private func write(_ completion: HostCollectionCompletion) async throws {
        let host = completion.host
        guard let state = completion.state, !forgotten.contains(host.id) else { return }
        var reading: CollectorReading?
        if case .success(let read) = completion.outcome {
            reading = read
            if !read.samples.isEmpty, !forgotten.contains(host.id) {
                try await samples.append(read.samples, source: host.id.description, tenant: host.tenantID)
                // Deleted while the append waited: its series go again.
                if forgotten.contains(host.id) { try await samples.deleteSource(host.id.description, tenant: host.tenantID) }
            }
        }
        if !completion.events.isEmpty { try await checks.commit(CheckBatch(events: completion.events)) }
        latest.record(host.id, tenant: host.tenantID, state: state, reading: reading, at: completion.startedAt.addingTimeInterval(completion.duration))
        if let reading, !reading.samples.isEmpty, bus.hasSubscribers(for: HostCollected.self) {
            bus.publish(Event(tenantID: host.tenantID, HostCollected(hostID: host.id, samples: reading.samples)))
        }
        for event in completion.events {
            if let offline = event.payload(as: HostWentOffline.self) {
                logger.warning("host went offline", metadata: ["host": "\(offline.name)", "code": "\(offline.failure.code)", "reason": "\(offline.failure.message)"])
            } else if let online = event.payload(as: HostCameOnline.self) {
                logger.notice("host is online again", metadata: ["host": "\(online.name)"])
            }
            bus.publish(event)
        }
    }

    public func run(every interval: Double, clock: any SchedulerClock) async {
        while !Task.isCancelled {
            try? await clock.sleep(seconds: interval)
            if Task.isCancelled { break }
            await flush()
        }
    }
}
