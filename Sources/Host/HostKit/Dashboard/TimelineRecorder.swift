import Kernel
import Logging
import ServiceLifecycle

/// Writes the timeline events that are only published on the bus (alerts raised, agents'
/// comings and goings: `TimelineEvents.recorded`) to the store's outbox, so the timeline reads
/// them with the status changes already there. Only events raised by this server (no
/// origin) are written, so each is written once however many servers share the store.
struct TimelineRecorder: Service {
    let checks: any CheckRepository
    let events: EventBus
    let logger: Logger

    func run() async throws {
        let stream = events.subscribe(EventFilter(topics: TimelineEvents.recorded))
        await cancelWhenGracefulShutdown {
            for await event in stream where event.origin == nil {
                do {
                    try await checks.commit(CheckBatch(events: [event]))
                } catch {
                    logger.warning("could not write a timeline event", metadata: ["event": "\(event.name)", "error": "\(error)"])
                }
            }
        }
    }
}
