import Foundation
import Logging
import ServiceLifecycle

/// Keeps a `MaintenanceCalendar` current: reads every window at start and every
/// `intervalSeconds` after (a window another server created reaches this one within that
/// time; the API that changed it reloads at once).
public struct MaintenanceCalendarRefresh: Service {
    private let calendar: MaintenanceCalendar
    private let repository: any AlertRepository
    private let intervalSeconds: Double
    private let clock: any SchedulerClock
    private let logger: Logger

    /// Creates the service.
    public init(calendar: MaintenanceCalendar, repository: any AlertRepository, intervalSeconds: Double, logger: Logger,
                clock: any SchedulerClock = WallClock()) {
        self.calendar = calendar
        self.repository = repository
        self.intervalSeconds = intervalSeconds
        self.clock = clock
        self.logger = logger
    }

    /// Refreshes until cancelled or shut down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await calendar.reload(from: repository)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("maintenance windows could not be read; keeping the ones known", metadata: ["error": "\(error)"])
                }
                try? await clock.sleep(seconds: intervalSeconds)
            }
        }
    }
}
