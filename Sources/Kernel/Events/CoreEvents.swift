import Foundation

// The events of the core: monitor and tenant changes, which schedulers on every server
// follow, and monitor status changes.

/// A monitor was created (`monitor.created`).
public struct MonitorCreated: EventPayload, Hashable {
    public static let eventName = "monitor.created"
    /// The monitor.
    public var monitorID: MonitorID
    /// Creates the payload.
    public init(monitorID: MonitorID) { self.monitorID = monitorID }
}

/// A monitor was changed, paused or resumed (`monitor.updated`).
public struct MonitorUpdated: EventPayload, Hashable {
    public static let eventName = "monitor.updated"
    /// The monitor.
    public var monitorID: MonitorID
    /// Creates the payload.
    public init(monitorID: MonitorID) { self.monitorID = monitorID }
}

/// A monitor was deleted (`monitor.deleted`).
public struct MonitorDeleted: EventPayload, Hashable {
    public static let eventName = "monitor.deleted"
    /// The monitor.
    public var monitorID: MonitorID
    /// Creates the payload.
    public init(monitorID: MonitorID) { self.monitorID = monitorID }
}

/// Monitors were created in bulk (`monitors.imported`): schedulers read every monitor again
/// rather than one event per monitor.
public struct MonitorsImported: EventPayload, Hashable {
    public static let eventName = "monitors.imported"
    /// How many.
    public var count: Int
    /// Creates the payload.
    public init(count: Int) { self.count = count }
}

/// A tenant's settings changed (its egress policy): its monitors are prepared again
/// (`tenant.updated`).
public struct TenantUpdated: EventPayload, Hashable {
    public static let eventName = "tenant.updated"
    /// Creates the payload.
    public init() {}
}

/// A monitor's status changed, `up → down` (`monitor.status_changed`).
public struct MonitorStatusChanged: EventPayload, Hashable {
    public static let eventName = "monitor.status_changed"
    /// The monitor.
    public var monitorID: MonitorID
    /// The status before.
    public var from: MonitorStatus
    /// The status after.
    public var to: MonitorStatus
    /// The reason of the result that caused it, when down or degraded.
    public var failure: ProbeFailure?

    /// Creates a change.
    public init(monitorID: MonitorID, from: MonitorStatus, to: MonitorStatus, failure: ProbeFailure?) {
        self.monitorID = monitorID
        self.from = from
        self.to = to
        self.failure = failure
    }
}

/// A monitor was checked and its result stored (`monitor.checked`): for live views of this
/// server's work. Published after the result is written, never relayed to other servers and
/// not kept in the outbox; built only while someone subscribes to it.
public struct MonitorChecked: EventPayload, Hashable {
    public static let eventName = "monitor.checked"
    public static let isRelayed = false
    /// The monitor.
    public var monitorID: MonitorID
    /// When the check started.
    public var startedAt: Date
    /// How long it took, in seconds.
    public var duration: Double
    /// Its status.
    public var status: ProbeStatus
    /// The measured latency in seconds, when the probe reports one.
    public var latency: Double?
    /// Why it was down or degraded.
    public var failure: ProbeFailure?

    /// The payload of a stored result of a monitor.
    public init?(_ record: ResultRecord) {
        guard let monitorID = record.monitorID else { return nil }
        self.monitorID = monitorID
        startedAt = record.startedAt
        duration = record.duration
        status = record.result.status
        latency = record.result.latency
        failure = record.result.failure
    }
}
