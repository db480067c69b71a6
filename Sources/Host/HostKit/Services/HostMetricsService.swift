import Foundation
import Kernel

/// The rules for reading hosts' metrics, free of HTTP: the live views from the collection
/// service (state, latest reading, processes), falling back to the store after a restart;
/// history at a resolution chosen from the range; pausing and resuming collection.
struct HostMetricsService: Sendable {
    let hosts: HostService
    let samples: any SampleRepository
    /// The collection service, when this server collects.
    let collection: HostCollectionService?
    let settings: CollectionSettings

    /// The longest range one history query may cover, in seconds (400 days).
    static let maximumRange: Double = 400 * 86_400
    /// The longest range raw samples may be asked for, in seconds (7 days).
    static let maximumRawRange: Double = 7 * 86_400

    /// The host's collection state as the API shows it.
    func collectionView(of host: RemoteHost) -> HostCollectionView {
        let entry = collection?.latest.entry(host.id, tenant: host.tenantID)
        return HostCollectionView(host: host, state: entry?.state, collected: collection != nil,
                                  interval: host.collectionInterval ?? settings.defaultInterval)
    }

    /// The host's name and collection state, for a list.
    func collectionState(of host: RemoteHost) -> HostCollectionStateView {
        HostCollectionStateView(hostID: host.id, name: host.name, collection: collectionView(of: host))
    }

    /// The host's system facts and collection state.
    func system(of host: RemoteHost) -> HostSystemView {
        let entry = collection?.latest.entry(host.id, tenant: host.tenantID)
        return HostSystemView(hostID: host.id, name: host.name, collection: collectionView(of: host),
                              system: entry?.reading?.details.objectValue?["system"], readAt: entry?.readAt)
    }

    /// The newest reading's samples: from memory, or from the store when this server has not
    /// read the host since it started.
    func latest(of host: RemoteHost) async throws -> LatestSamplesView {
        if let entry = collection?.latest.entry(host.id, tenant: host.tenantID), let reading = entry.reading {
            return LatestSamplesView(readAt: entry.readAt, collection: collectionView(of: host), samples: reading.samples.map(SampleView.init))
        }
        let stored = try await samples.latest(source: host.id.description, tenant: host.tenantID)
        return LatestSamplesView(readAt: stored.first?.timestamp, collection: collectionView(of: host), samples: stored.map(SampleView.init))
    }

    /// The processes of the newest reading, sorted by `sort` (`cpu` or `memory`), at most `limit`.
    func processes(of host: RemoteHost, sort: String, limit: Int) -> ProcessesView {
        let entry = collection?.latest.entry(host.id, tenant: host.tenantID)
        let all = entry?.reading?.details.objectValue?["processes"]?.arrayValue ?? []
        let key = sort == "memory" ? "residentBytes" : "cpuPercent"
        func value(_ process: JSONValue) -> Double { process.objectValue?[key]?.numberValue ?? -1 }
        func pid(_ process: JSONValue) -> Double { process.objectValue?["pid"]?.numberValue ?? 0 }
        let sorted = all.sorted { (value($0), pid($1)) > (value($1), pid($0)) }
        return ProcessesView(readAt: entry?.readAt, sort: sort, total: all.count, processes: Array(sorted.prefix(limit)),
                             collection: collectionView(of: host))
    }

    /// Stored history of `names` (nil: every name) from `from` to `to`, at `step` (nil:
    /// chosen from the range for at most about 1,000 points per series).
    func history(of host: RemoteHost, names: [String]?, from: Date, to: Date, step: SampleResolution?) async throws -> MetricsHistoryView {
        let seconds = to.timeIntervalSince(from)
        let resolution = step ?? SampleResolution.fitting(seconds: seconds, sampleInterval: host.collectionInterval ?? settings.defaultInterval)
        if resolution == .raw, seconds > Self.maximumRawRange {
            throw ValidationError(field: "step", "raw samples can be read over at most 7 days; use minute or hour")
        }
        let points = try await samples.query(SampleQuery(source: host.id.description, names: names, from: from, to: to, resolution: resolution),
                                             tenant: host.tenantID)
        return MetricsHistoryView(from: from, to: to, resolution: resolution, points: points)
    }

    /// Pauses or resumes the host's collection.
    func setPaused(_ paused: Bool, _ host: RemoteHost) async throws -> RemoteHost {
        try await hosts.setCollectionPaused(paused, of: host)
    }
}
