import Crypto
import Foundation
import Kernel
import ServiceLifecycle

/// Raises `maintenance.started` and `maintenance.ended` when a window of the scheduler's
/// calendar begins or ends, checking every `tickSeconds`. Each event is dated at the minute
/// the window changed (windows start and end on minutes) and its id is derived from the
/// window, the change and that minute, so servers sharing a store raise the same event and
/// the timeline shows it once.
struct MaintenanceWatcher: Service {
    let calendar: MaintenanceCalendar
    let events: EventBus
    var tickSeconds: Double = 15

    func run() async throws {
        var last = Date()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(tickSeconds)) }
            let now = Date()
            for event in Self.changes(in: calendar.enabledWindows, from: last, to: now) { events.publish(event) }
            last = now
        }
    }

    /// The windows that began or ended between `from` and `to`.
    static func changes(in windows: [MaintenanceWindow], from: Date, to: Date) -> [Event] {
        let minute = Date(timeIntervalSince1970: (to.timeIntervalSince1970 / 60).rounded(.down) * 60)
        return windows.compactMap { window in
            let before = window.schedule.isActive(at: from), after = window.schedule.isActive(at: to)
            guard before != after else { return nil }
            let id = stableID(window.id.description, after ? "started" : "ended", minute)
            return after
                ? Event(id: id, tenantID: window.tenantID, occurredAt: minute, MaintenanceStarted(windowID: window.id, name: window.name))
                : Event(id: id, tenantID: window.tenantID, occurredAt: minute, MaintenanceEnded(windowID: window.id, name: window.name))
        }
    }

    /// A UUID from the SHA-256 of the parts.
    static func stableID(_ window: String, _ change: String, _ minute: Date) -> UUID {
        let digest = Array(SHA256.hash(data: Data("\(window)|\(change)|\(Int(minute.timeIntervalSince1970))".utf8)))
        return UUID(uuid: (digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8], digest[9],
                           digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]))
    }
}
