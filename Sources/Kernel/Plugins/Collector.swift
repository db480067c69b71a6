/// Where a collector reads from: the local machine, a host over SSH, a push endpoint.
public struct CollectorSource<Options: Sendable>: Sendable {
    /// The tenant the samples belong to.
    public var tenantID: TenantID
    /// The source's address in the collector's syntax (`local`, `ssh://user@host:22`).
    public var address: String
    /// Collector-specific options, with secrets already opened by the host.
    public var options: Options

    /// Creates a source.
    public init(tenantID: TenantID, address: String, options: Options) {
        self.tenantID = tenantID
        self.address = address
        self.options = options
    }
}

/// Reads samples from a source each time the host asks (CPU, memory, disk from `/proc`).
/// The host owns the interval and persistence; a collector only reads.
///
/// A source's `options` object is this collector's `SourceOptions`, handled like a probe's
/// options (see `OptionsSchema`): decoded strictly, checked by `validate(source:options:)`,
/// secrets at `sourceSecretPaths` sealed at rest and never returned.
public protocol Collector: Plugin {
    /// A source's options, decoded strictly.
    associatedtype SourceOptions: Codable & Sendable = EmptyOptions
    /// Paths in the options holding secrets. Default: none.
    static var sourceSecretPaths: [String] { get }
    /// Checks a source's options before it is stored; throw `ValidationError` with fields
    /// relative to the options (`interface`), reported as `options.interface`. Default: accept.
    func validate(source options: SourceOptions) throws
    /// Reads one source: its samples, and details such as a host's facts. A collector that
    /// turns counters into rates keeps the previous reading of each source itself.
    func collect(from source: CollectorSource<SourceOptions>) async throws -> CollectorReading
}

extension Collector {
    /// No secrets.
    public static var sourceSecretPaths: [String] { [] }

    /// Accepts every source.
    public func validate(source options: SourceOptions) throws {}
}
