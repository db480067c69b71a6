/// Where a collector reads from: the local machine, a host over SSH, a push endpoint.
public struct CollectorSource: Sendable, Hashable {
    /// The tenant the samples belong to.
    public var tenantID: TenantID
    /// The source's address in the collector's syntax (`local`, `ssh://user@host:22`).
    public var address: String
    /// Collector-specific options.
    public var options: JSONValue

    /// Creates a source.
    public init(tenantID: TenantID, address: String, options: JSONValue = .emptyObject) {
        self.tenantID = tenantID
        self.address = address
        self.options = options
    }
}

/// Reads samples from a source each time the host asks (CPU, memory, disk from `/proc`).
/// The host owns the interval and persistence; a collector only reads.
public protocol Collector: Plugin {
    /// Reads the current samples from one source.
    func collect(from source: CollectorSource) async throws -> [Sample]
}
