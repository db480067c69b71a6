/// Carries events between servers that share a store (PostgreSQL's LISTEN/NOTIFY), so a
/// WebSocket client of one server sees what another server's scheduler did, and a monitor
/// created through one server is scheduled by all. `EventRelayService` connects it to the bus.
public protocol EventRelay: Sendable {
    /// Sends an event (its `origin` set to the sending server) to every server.
    func send(_ event: Event) async throws
    /// Events sent by any server, this one's included; ends when the store closes.
    func receive() -> AsyncStream<Event>
}
