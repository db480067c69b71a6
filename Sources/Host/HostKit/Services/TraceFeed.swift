import Foundation
import Kernel

/// The live events of the trace runs this server is running, for clients that follow a run
/// (`GET /api/v1/traces/{id}/events`, or `POST` with `Accept: text/event-stream`): every
/// event so far is replayed to a late subscriber, then new ones as they come, until `done`.
actor TraceFeed {
    /// One server-sent event: its name and its JSON data as the API encodes it.
    struct Event: Sendable {
        let name: String
        let data: String
        var text: String { "event: \(name)\ndata: \(data)\n\n" }

        init(name: String, data: String) {
            self.name = name
            self.data = data
        }

        init(name: String, _ value: some Encodable) {
            self.init(name: name, data: (try? APIEncoding.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null")
        }
    }

    private struct Channel {
        var events: [Event] = []
        var subscribers: [UUID: AsyncStream<Event>.Continuation] = [:]
    }

    private var channels: [TraceRunID: Channel] = [:]
    /// Events kept per run for late subscribers; progress beyond it is dropped, origin results never.
    private let replayLimit = 10_000

    /// Opens a run's channel before it starts.
    func open(_ run: TraceRunID) { channels[run] = Channel() }

    /// Sends an event to the run's subscribers and keeps it for later ones.
    func publish(_ run: TraceRunID, _ event: Event) {
        guard var channel = channels[run] else { return }
        if channel.events.count < replayLimit || event.name != "progress" { channel.events.append(event) }
        for continuation in channel.subscribers.values { continuation.yield(event) }
        channels[run] = channel
    }

    /// Ends the run's channel: subscribers get every event and their stream finishes.
    func close(_ run: TraceRunID) {
        for continuation in channels[run]?.subscribers.values ?? [:].values { continuation.finish() }
        channels[run] = nil
    }

    /// The run's events so far and those to come, or nil when the run is not live here.
    func subscribe(_ run: TraceRunID) -> AsyncStream<Event>? {
        guard channels[run] != nil else { return nil }
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(replayLimit + 100))
        for event in channels[run]?.events ?? [] { continuation.yield(event) }
        let id = UUID()
        channels[run]?.subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(run, id) } }
        return stream
    }

    private func unsubscribe(_ run: TraceRunID, _ id: UUID) { channels[run]?.subscribers[id] = nil }
}
