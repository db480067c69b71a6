import Foundation
import Kernel
import Logging
import ServiceLifecycle

/// Deletes results, outbox events, trace runs and ingested connections older than the
/// retention period, log lines older than theirs (`retention.logDays`) and idempotency keys
/// older than theirs, once at start and then hourly.
struct RetentionService: Service {
    let store: any Store
    let days: Int
    var idempotencyKeyHours = 24
    var logDays = 30
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let cutoff = Date().addingTimeInterval(-Double(days) * 86_400)
                let removed = try await store.results.pruneAllTenants(olderThan: cutoff)
                let events = try await store.checks.pruneOutboxAllTenants(olderThan: cutoff)
                let traces = try await (store as? any TraceStore)?.traces.prune(before: cutoff) ?? 0
                let keys = Date().addingTimeInterval(-Double(idempotencyKeyHours) * 3600)
                let connections = try await (store as? any IngestStore)?.ingest.prune(before: cutoff, keysBefore: keys) ?? 0
                let logCutoff = Date().addingTimeInterval(-Double(logDays) * 86_400)
                let logs = try await (store as? any LogStore)?.logs.prune(before: logCutoff) ?? 0
                try await (store as? any DashboardStore)?.dashboard.pruneRollups(before: cutoff)
                if removed + events + traces + connections + logs > 0 {
                    logger.info("retention removed old results, events, traces, connections and logs",
                                metadata: ["results": "\(removed)", "events": "\(events)", "traces": "\(traces)", "connections": "\(connections)",
                                           "logs": "\(logs)",
                                           "days": "\(days)"])
                }
            } catch {
                logger.warning("retention pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
