import Foundation

/// Which points to read from a source's stored series.
public struct SampleQuery: Sendable, Hashable {
    /// The source (a host's id, `local`).
    public var source: String
    /// Metric names to read; nil reads every name.
    public var names: [String]?
    /// From this time, inclusive.
    public var from: Date
    /// Until this time, exclusive.
    public var to: Date
    /// Raw samples, or points per minute or hour. A rolled-up query also folds in the raw
    /// samples and finer rollups of its range, so the newest buckets are there before the
    /// rollup job has run.
    public var resolution: SampleResolution

    /// Creates a query.
    public init(source: String, names: [String]? = nil, from: Date, to: Date, resolution: SampleResolution) {
        self.source = source
        self.names = names
        self.from = from
        self.to = to
        self.resolution = resolution
    }
}

/// What one rollup pass did.
public struct SampleRollupOutcome: Sendable, Hashable {
    /// Raw samples folded into minute buckets (and deleted).
    public var rawRolledUp: Int
    /// Minute buckets folded into hour buckets (and deleted).
    public var minutesRolledUp: Int
    /// Hour buckets deleted as older than the retention.
    public var hoursDeleted: Int

    /// Creates an outcome.
    public init(rawRolledUp: Int = 0, minutesRolledUp: Int = 0, hoursDeleted: Int = 0) {
        self.rawRolledUp = rawRolledUp
        self.minutesRolledUp = minutesRolledUp
        self.hoursDeleted = hoursDeleted
    }
}

/// Collected samples as time series per tenant and source (`SampleStore`): raw for a while,
/// then rolled up into minutes and hours with min/avg/max, so a year of 10-second readings
/// stays small.
public protocol SampleRepository: Sendable {
    /// Stores one collection's samples for `source`. All or none.
    func append(_ samples: [Sample], source: String, tenant: TenantID) async throws
    /// Points of `query`, ordered by name, then labels (as canonical JSON), then time.
    func query(_ query: SampleQuery, tenant: TenantID) async throws -> [SeriesPoint]
    /// The samples of the newest collection stored for `source` (those with its latest timestamp).
    func latest(source: String, tenant: TenantID) async throws -> [Sample]
    /// Folds raw samples and minute buckets older than `retention` allows into coarser buckets
    /// (merging with buckets already there) and deletes hour buckets past it. Idempotent.
    func rollUp(now: Date, retention: SampleRetention) async throws -> SampleRollupOutcome
    /// Deletes every series of `source` (a host deleted); returns how many rows went.
    @discardableResult func deleteSource(_ source: String, tenant: TenantID) async throws -> Int
}

/// A store that keeps collected samples.
public protocol SampleStore: Store {
    /// The series.
    var samples: any SampleRepository { get }
}

extension StoreCapability {
    /// Collected samples with rollups (`SampleStore`). Not copied by `vantage store migrate`:
    /// metrics history stays with the store it was collected into.
    public static let samples = StoreCapability("samples") { $0 is any SampleStore.Type }
}
