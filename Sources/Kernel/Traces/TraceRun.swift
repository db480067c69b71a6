import Foundation

/// Tag of trace run identifiers.
public enum TraceRunTag {}
/// Identifies a trace run.
public typealias TraceRunID = Identifier<TraceRunTag>

/// One target traced from several origins at the same time (`POST /api/v1/traces`): this
/// server (`probe.mtr`) and remote hosts over SSH (`probe.mtr_ssh`). Each origin's result is
/// stored as it completes, in the hop model every route measurement shares
/// (`result.details.hops`), so runs can be listed, compared and exported later.
public struct TraceRun: Sendable, Codable, Hashable, Identifiable {
    /// Identifier, unique within the store.
    public var id: TraceRunID
    /// The tenant that owns the run.
    public var tenantID: TenantID
    /// What was traced: an IP address or a host name.
    public var target: String
    /// The mtr options every origin used (`count`, `interval`, `maxHops`, `method`, …).
    public var options: JSONValue
    /// The origins, in the order they were asked for.
    public var origins: [TraceOrigin]
    /// When the run started.
    public var createdAt: Date
    /// When the last origin finished; nil while any is running.
    public var finishedAt: Date?

    /// Creates a run.
    public init(id: TraceRunID = .random(), tenantID: TenantID, target: String, options: JSONValue, origins: [TraceOrigin],
                createdAt: Date = Date(), finishedAt: Date? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.target = target
        self.options = options
        self.origins = origins
        self.createdAt = createdAt
        self.finishedAt = finishedAt
    }

    /// The host ids among the origins (for filtering by host).
    public var hostIDs: [RemoteHostID] { origins.compactMap(\.host) }
}

/// Where a trace of a run started, and what it found.
public struct TraceOrigin: Sendable, Codable, Hashable {
    /// How far an origin got.
    public enum State: String, Sendable, Codable, Hashable, CaseIterable {
        /// Still running.
        case running
        /// Finished with a result (up, degraded or down).
        case finished
    }

    /// The remote host, or nil for this server (`local`).
    public var host: RemoteHostID?
    /// `local`, or the host's name when the run started.
    public var name: String
    /// The host's location label, when it has one.
    public var location: String?
    /// Running or finished.
    public var state: State
    /// The result once finished; `details.hops` holds the hops.
    public var result: ProbeResult?
    /// When the origin finished.
    public var finishedAt: Date?

    /// Creates an origin.
    public init(host: RemoteHostID?, name: String, location: String? = nil, state: State = .running, result: ProbeResult? = nil,
                finishedAt: Date? = nil) {
        self.host = host
        self.name = name
        self.location = location
        self.state = state
        self.result = result
        self.finishedAt = finishedAt
    }

    /// `local`, or the host's id: how requests and exports name the origin.
    public var key: String { host?.description ?? "local" }
}
