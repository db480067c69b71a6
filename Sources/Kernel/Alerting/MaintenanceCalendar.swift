import Foundation
import Synchronization

/// The maintenance windows a server knows of, for the scheduler to mark each result taken in
/// one (`ResultRecord.maintenance`) and for views to say a monitor is in maintenance now.
/// The alerting feature fills it from the store and keeps it current; empty, it marks
/// nothing (a host without alerting).
public final class MaintenanceCalendar: Sendable {
    private let windows = Mutex<[TenantID: [MaintenanceWindow]]>([:])

    /// An empty calendar.
    public init() {}

    /// Replaces every window (disabled ones are dropped).
    public func replace(_ all: [MaintenanceWindow]) {
        let byTenant = Dictionary(grouping: all.filter(\.enabled), by: \.tenantID)
        windows.withLock { $0 = byTenant }
    }

    /// The first window of `monitor`'s tenant covering it at `date`.
    public func window(covering monitor: Monitor, at date: Date) -> MaintenanceWindow? {
        windows.withLock { $0[monitor.tenantID]?.first { $0.covers(monitor.id, kind: monitor.kind, tags: monitor.tags, at: date) } }
    }

    /// Every enabled window of every tenant.
    public var enabledWindows: [MaintenanceWindow] { windows.withLock { $0.values.flatMap { $0 } } }

    /// Reads every window from `repository` into the calendar.
    public func reload(from repository: any AlertRepository) async throws {
        replace(try await AlertConfigSnapshot.all(MaintenanceWindow.self, repository))
    }
}
