import Foundation
import Logging

/// The hosts a server collects: every host neither paused nor with its collection paused,
/// read from the store at start and followed through the bus (`host.created`,
/// `host.updated`, `host.deleted`) after.
public final class StoreHostSource: JobSource, Sendable {
    private let hosts: any RemoteHostRepository
    private let events: EventBus
    private let collector: CollectorRunner
    private let settings: CollectionSettings
    private let latest: LatestHostReadings
    private let logger: Logger

    /// Creates a source of `hosts`' jobs, each read by `collector`.
    public init(hosts: any RemoteHostRepository, events: EventBus, collector: CollectorRunner, settings: CollectionSettings,
                latest: LatestHostReadings, logger: Logger) {
        self.latest = latest
        self.hosts = hosts
        self.events = events
        self.collector = collector
        self.settings = settings
        self.logger = logger
    }

    public func start() async throws -> JobFeed<HostCollectionJob> {
        let subscription = events.subscribe(EventFilter(topics: [HostCreated.eventName, HostUpdated.eventName, HostDeleted.eventName]))
        let jobs = try await all()
        logger.info("collection loaded hosts", metadata: ["count": "\(jobs.count)"])
        return JobFeed(initial: jobs, changes: JobFeed.changes(following: subscription) { await self.change(for: $0) })
    }

    public func all() async throws -> [HostCollectionJob] {
        var jobs: [HostCollectionJob] = []
        var cursor: String?
        repeat {
            let page = try await hosts.listAllTenants(page: PageRequest(limit: 500, cursor: cursor))
            jobs += page.items.filter(Self.isCollected).map(job)
            cursor = page.nextCursor
        } while cursor != nil
        return jobs
    }

    public func refresh(_ jobs: [HostCollectionJob]) async -> [HostCollectionJob] { jobs }

    /// Whether a host is collected: neither it nor its collection is paused.
    static func isCollected(_ host: RemoteHost) -> Bool { !host.paused && !host.collectionPaused }

    private func job(_ host: RemoteHost) -> HostCollectionJob {
        HostCollectionJob(host: host, collector: collector, defaultInterval: settings.defaultInterval, deadline: settings.deadlineSeconds, latest: latest)
    }

    /// The change an event means, read from the store; nil for one that changes nothing.
    private func change(for event: Event) async -> JobChange<HostCollectionJob>? {
        if let deleted = event.payload(as: HostDeleted.self) { return .remove(deleted.hostID) }
        guard let id = event.payload(as: HostCreated.self)?.hostID ?? event.payload(as: HostUpdated.self)?.hostID else { return nil }
        do {
            guard let host = try await hosts.get(id, tenant: event.tenantID), Self.isCollected(host) else { return .remove(id) }
            return .upsert(job(host), isLocal: event.origin == nil)
        } catch {
            logger.error("could not reload a host", metadata: ["host": "\(id)", "error": "\(error)"])
            return nil
        }
    }
}
