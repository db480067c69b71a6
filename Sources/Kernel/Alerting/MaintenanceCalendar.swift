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

    /// Reads every window from `repository` into the calendar.
    public func reload(from repository: any AlertRepository) async throws {
        var all: [MaintenanceWindow] = []
        var cursor: String?
        repeat {
            let page = try await repository.listConfigAllTenants(MaintenanceWindow.configKind, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            all += page.items.compactMap { $0.record(as: MaintenanceWindow.self) }
            cursor = page.nextCursor
        } while cursor != nil
        replace(all)
    }
}
