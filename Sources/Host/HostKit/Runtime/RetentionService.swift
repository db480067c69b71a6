import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// Deletes results older than the retention period, once at start and then hourly.
struct RetentionService: Service {
    let store: any Store
    let days: Int
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let removed = try await store.results.pruneAllTenants(olderThan: Date().addingTimeInterval(-Double(days) * 86_400))
                if removed > 0 { logger.info("retention removed old results", metadata: ["count": "\(removed)", "days": "\(days)"]) }
            } catch {
                logger.warning("retention pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
