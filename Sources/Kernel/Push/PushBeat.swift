import Foundation

/// One heartbeat a service pushed for its push monitor (`POST /api/v1/push/{token}`): when it
/// arrived, the status the service reported (up unless it said otherwise), and its message
/// and latency if it gave them.
public struct PushBeat: Sendable, Codable, Hashable {
    /// The tenant that owns the monitor.
    public var tenantID: TenantID
    /// The push monitor.
    public var monitorID: MonitorID
    /// When the server received it.
    public var receivedAt: Date
    /// What the service reported: `up` (the default), `degraded` or `down`.
    public var status: ProbeStatus
    /// The service's own words (`backup finished`), at most 1,024 characters.
    public var message: String?
    /// The latency the service measured, in milliseconds.
    public var latencyMs: Double?

    /// Creates a beat.
    public init(tenantID: TenantID, monitorID: MonitorID, receivedAt: Date = Date(), status: ProbeStatus = .up,
                message: String? = nil, latencyMs: Double? = nil) {
        self.tenantID = tenantID
        self.monitorID = monitorID
        self.receivedAt = receivedAt
        self.status = status
        self.message = message
        self.latencyMs = latencyMs
    }
}

/// The monitor a push token belongs to.
public struct PushTokenOwner: Sendable, Hashable {
    /// The monitor's tenant.
    public var tenantID: TenantID
    /// The push monitor.
    public var monitorID: MonitorID

    /// Creates an owner.
    public init(tenantID: TenantID, monitorID: MonitorID) {
        self.tenantID = tenantID
        self.monitorID = monitorID
    }
}

/// A push monitor's token as stored: only its SHA-256 hash, never the token.
public struct StoredPushToken: Sendable, Hashable {
    /// Whose token it is.
    public var owner: PushTokenOwner
    /// The token's SHA-256, lowercase hex.
    public var hash: String
    /// When it was issued; a monitor with no push yet is waited for from here.
    public var issuedAt: Date

    /// Creates a stored token.
    public init(owner: PushTokenOwner, hash: String, issuedAt: Date) {
        self.owner = owner
        self.hash = hash
        self.issuedAt = issuedAt
    }
}
