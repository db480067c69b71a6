import Logging
import ServiceLifecycle

/// Joins this process's `EventBus` to an `EventRelay`: events raised here go out stamped with
/// this server's id, events from other servers are published here with their origin, and this
/// server's own events coming back are dropped.
public struct EventRelayService: Service {
    private let bus: EventBus
    private let relay: any EventRelay
    private let serverID: String
    private let logger: Logger

    /// Creates the service; nothing is relayed until `run()`.
    public init(bus: EventBus, relay: any EventRelay, serverID: String, logger: Logger) {
        self.bus = bus
        self.relay = relay
        self.serverID = serverID
        self.logger = logger
    }

    /// Relays both ways until graceful shutdown.
    public func run() async throws {
        let outgoing = bus.subscribe(EventFilter(includesLocalOnly: false))
        let incoming = relay.receive()
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.send(outgoing) }
                group.addTask { await self.publish(incoming) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func send(_ events: AsyncStream<Event>) async {
        var failing = false
        for await event in events where event.origin == nil {
            var stamped = event
            stamped.origin = serverID
            do {
                try await relay.send(stamped)
                failing = false
            } catch {
                // Once per outage, not once per event.
                if !failing { logger.warning("could not relay events to other servers", metadata: ["error": "\(error)"]) }
                failing = true
            }
        }
    }

    private func publish(_ events: AsyncStream<Event>) async {
        for await event in events where event.origin != nil && event.origin != serverID {
            bus.publish(event)
        }
    }
}
