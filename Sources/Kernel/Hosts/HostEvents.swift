import Foundation

// The events of SSH hosts: changes, which the collection service of every server follows,
// and a host's collection going offline and coming back.

/// A host was created (`host.created`).
public struct HostCreated: EventPayload, Hashable {
    public static let eventName = "host.created"
    /// The host.
    public var hostID: RemoteHostID
    /// Creates the payload.
    public init(hostID: RemoteHostID) { self.hostID = hostID }
}

/// A host was changed, paused or resumed, or its collection paused or resumed (`host.updated`).
public struct HostUpdated: EventPayload, Hashable {
    public static let eventName = "host.updated"
    /// The host.
    public var hostID: RemoteHostID
    /// Creates the payload.
    public init(hostID: RemoteHostID) { self.hostID = hostID }
}

/// A host was deleted (`host.deleted`).
public struct HostDeleted: EventPayload, Hashable {
    public static let eventName = "host.deleted"
    /// The host.
    public var hostID: RemoteHostID
    /// Creates the payload.
    public init(hostID: RemoteHostID) { self.hostID = hostID }
}

/// A host's collection failed after it had succeeded, or failed the first time it was tried
/// (`host.offline`): the host is shown as unreachable with `failure`.
public struct HostWentOffline: EventPayload, Hashable {
    public static let eventName = "host.offline"
    /// The host.
    public var hostID: RemoteHostID
    /// Its name, for a message.
    public var name: String
    /// Why the collection failed.
    public var failure: ProbeFailure
    /// When it was last read successfully; nil when never since this server started.
    public var lastSeenAt: Date?

    /// Creates the payload.
    public init(hostID: RemoteHostID, name: String, failure: ProbeFailure, lastSeenAt: Date?) {
        self.hostID = hostID
        self.name = name
        self.failure = failure
        self.lastSeenAt = lastSeenAt
    }
}

/// A host that was offline was read again (`host.online`).
public struct HostCameOnline: EventPayload, Hashable {
    public static let eventName = "host.online"
    /// The host.
    public var hostID: RemoteHostID
    /// Its name, for a message.
    public var name: String
    /// Seconds since it went offline.
    public var offlineSeconds: Double

    /// Creates the payload.
    public init(hostID: RemoteHostID, name: String, offlineSeconds: Double) {
        self.hostID = hostID
        self.name = name
        self.offlineSeconds = offlineSeconds
    }
}

/// A host's metrics were read (every collection): the live stream's `hosts` topic. Published
/// only while something subscribes, and not relayed (like `monitor.checked`): each server's
/// clients see the collections that server runs.
public struct HostCollected: EventPayload, Hashable {
    public static let eventName = "host.collected"
    public static let isRelayed = false
    /// The host.
    public var hostID: RemoteHostID
    /// The samples read.
    public var samples: [Sample]

    /// Creates the payload.
    public init(hostID: RemoteHostID, samples: [Sample]) {
        self.hostID = hostID
        self.samples = samples
    }
}
