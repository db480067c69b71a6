import Foundation

/// Tag of agent identifiers: the UUID an agent makes on its first start and keeps in its
/// data directory.
public enum AgentTag {}
/// Identifies an agent.
public typealias AgentID = Identifier<AgentTag>

/// Where an agent stands with its server.
public enum AgentStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Enrolled with the shared secret, waiting for an operator.
    case pending
    /// Approved into a tenant; it connects with a credential of its own.
    case approved
    /// Rejected or revoked: refused on every connection, also its open one. The record is
    /// kept so that the same agent cannot enrol again with the shared secret.
    case revoked
}

/// A remote Vantage process (`vantage agent`) that dials out to a server and runs monitors
/// from its own location.
///
/// An agent enrols with the shared secret and shows up `pending` without a tenant; an
/// operator approves it into a tenant, and on its next connection it is issued a credential
/// of its own (only its SHA-256 hash is kept), after which the shared secret alone no longer
/// admits it.
public struct Agent: Sendable, Codable, Hashable, Identifiable {
    /// The agent's own UUID.
    public var id: AgentID
    /// The tenant it was approved into; nil while pending (and for an agent rejected while
    /// pending).
    public var tenantID: TenantID?
    /// Its name (the host name unless configured), for people.
    public var name: String
    /// The Vantage version it runs.
    public var version: String
    /// The address it last connected from, as the server saw it.
    public var address: String
    /// The probe kinds it can run.
    public var plugins: [String]
    /// Labels that monitors choose agents by (`eu`, `dc:fra1`), set by an operator.
    public var labels: [String]
    /// Pending, approved or revoked.
    public var status: AgentStatus
    /// SHA-256 (hex) of the credential issued to it; nil until it has received one. Never
    /// shown by the API.
    public var credentialHash: String?
    /// Bumped by every change, so that two writers cannot overwrite each other
    /// (`AgentRepository.update(_:expectedRevision:)`).
    public var revision: Int
    /// When it first enrolled.
    public var enrolledAt: Date
    /// When it was approved or revoked.
    public var decidedAt: Date?
    /// When a server last heard from it (a connection or a heartbeat).
    public var lastSeenAt: Date?
    /// Results waiting in its spool at its last heartbeat.
    public var spoolDepth: Int

    /// Creates an agent record.
    public init(id: AgentID, tenantID: TenantID? = nil, name: String, version: String, address: String, plugins: [String],
                labels: [String] = [], status: AgentStatus = .pending, credentialHash: String? = nil, revision: Int = 0,
                enrolledAt: Date = Date(), decidedAt: Date? = nil, lastSeenAt: Date? = nil, spoolDepth: Int = 0) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.version = version
        self.address = address
        self.plugins = plugins
        self.labels = labels
        self.status = status
        self.credentialHash = credentialHash
        self.revision = revision
        self.enrolledAt = enrolledAt
        self.decidedAt = decidedAt
        self.lastSeenAt = lastSeenAt
        self.spoolDepth = spoolDepth
    }

    /// Whether `tenant` may see the agent: its own tenant's agents, and pending agents, which
    /// any tenant's administrator may approve into their tenant.
    public func isVisible(to tenant: TenantID) -> Bool {
        tenantID == tenant || (status == .pending && tenantID == nil)
    }
}
