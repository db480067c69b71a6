import Foundation
import Kernel

/// A host's collection as the API shows it: `online`, `offline` (unreachable, with the
/// reason), `unknown` (not read yet) or `paused`.
struct HostCollectionView: Encodable {
    var status: String
    var since: Date?
    var lastAttemptAt: Date?
    var lastSuccessAt: Date?
    var error: ProbeFailure?
    var consecutiveFailures: Int
    /// Seconds between collections.
    var interval: Double
    /// Whether this server collects hosts at all (an enabled `collector.ssh`, `collection.enabled`).
    var collected: Bool

    init(host: RemoteHost, state: HostCollectionState?, collected: Bool, interval: Double) {
        let state = state ?? HostCollectionState()
        status = host.paused || host.collectionPaused ? "paused" : state.status.rawValue
        since = state.since
        lastAttemptAt = state.lastAttemptAt
        lastSuccessAt = state.lastSuccessAt
        error = state.failure
        consecutiveFailures = state.consecutiveFailures
        self.interval = interval
        self.collected = collected
    }
}

/// One item of `GET /api/v1/hosts/collection`.
struct HostCollectionStateView: Encodable {
    var hostID: RemoteHostID
    var name: String
    var collection: HostCollectionView
}

/// `GET /api/v1/hosts/{id}/system`.
struct HostSystemView: Encodable {
    var hostID: RemoteHostID
    var name: String
    var collection: HostCollectionView
    /// Hostname, OS, kernel, CPU model and counts, memory, uptime; null before a reading.
    var system: JSONValue?
    var readAt: Date?
}

/// One sample of the latest reading.
struct SampleView: Encodable {
    var name: String
    var labels: [String: String]
    var value: Double

    init(_ sample: Sample) {
        name = sample.name
        labels = sample.labels
        value = sample.value
    }
}

/// `GET /api/v1/hosts/{id}/metrics/latest`.
struct LatestSamplesView: Encodable {
    var readAt: Date?
    var collection: HostCollectionView
    var samples: [SampleView]
}

/// `GET /api/v1/hosts/{id}/processes`.
struct ProcessesView: Encodable {
    var readAt: Date?
    var sort: String
    /// Processes in the reading.
    var total: Int
    var processes: [JSONValue]
    var collection: HostCollectionView
}

/// `GET /api/v1/hosts/{id}/metrics`: one entry per series, its points in time order.
struct MetricsHistoryView: Encodable {
    struct Point: Encodable {
        var time: Date
        /// The mean over the bucket (the sample itself when raw).
        var value: Double
        var min: Double
        var max: Double
        var count: Int
    }

    struct Series: Encodable {
        var name: String
        var labels: [String: String]
        var points: [Point]
    }

    var from: Date
    var to: Date
    var resolution: SampleResolution
    var series: [Series]

    /// Groups `points` (ordered by name, labels, then time) into series.
    init(from: Date, to: Date, resolution: SampleResolution, points: [SeriesPoint]) {
        self.from = from
        self.to = to
        self.resolution = resolution
        var series: [Series] = []
        for point in points {
            let converted = Point(time: point.timestamp, value: point.avg, min: point.min, max: point.max, count: point.count)
            if let last = series.indices.last, series[last].name == point.name, series[last].labels == point.labels {
                series[last].points.append(converted)
            } else {
                series.append(Series(name: point.name, labels: point.labels, points: [converted]))
            }
        }
        self.series = series
    }
}
