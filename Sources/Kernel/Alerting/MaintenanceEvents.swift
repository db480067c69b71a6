import Foundation

/// A maintenance window began (`maintenance.started`): the dashboard's timeline shows it.
public struct MaintenanceStarted: EventPayload, Hashable {
    public static let eventName = "maintenance.started"
    /// The window.
    public var windowID: MaintenanceWindowID
    /// Its name.
    public var name: String

    /// Creates the payload.
    public init(windowID: MaintenanceWindowID, name: String) {
        self.windowID = windowID
        self.name = name
    }
}

/// A maintenance window ended (`maintenance.ended`).
public struct MaintenanceEnded: EventPayload, Hashable {
    public static let eventName = "maintenance.ended"
    /// The window.
    public var windowID: MaintenanceWindowID
    /// Its name.
    public var name: String

    /// Creates the payload.
    public init(windowID: MaintenanceWindowID, name: String) {
        self.windowID = windowID
        self.name = name
    }
}
