import Foundation
import Kernel

/// The JSON text frames of the live stream, encoded as the API encodes (RFC 3339 times).
///
/// Server to client: `welcome`, `event` (`topic`, `event`: id, name, occurredAt, payload),
/// `bootstrap` (`topic`, `items`, oldest first), `subscribed`, `stats`, `pong`, `error`.
/// Client to server: `auth`, `subscribe` (`topics`, `bootstrap`), `unsubscribe`, `ping`.
enum StreamFrame {
    private struct EventFrame: Encodable {
        let type = "event"
        let topic: StreamTopic
        let event: Event
    }

    private struct Bootstrap<Item: Encodable>: Encodable {
        let type = "bootstrap"
        let topic: StreamTopic
        let items: [Item]
    }

    /// An event of `topic`.
    static func event(_ event: Event, topic: StreamTopic) -> String? { text(EventFrame(topic: topic, event: event)) }

    /// The latest records of `topic`, oldest first.
    static func bootstrap<Item: Encodable>(_ topic: StreamTopic, _ items: [Item]) -> String? { text(Bootstrap(topic: topic, items: items)) }

    /// Any other frame.
    static func text(_ value: some Encodable) -> String? {
        (try? APIEncoding.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// What a client sends.
struct StreamRequest: Decodable {
    enum Kind: String, Decodable {
        case auth, subscribe, unsubscribe, ping
    }

    var type: Kind
    /// `auth`: a bearer token.
    var token: String?
    /// `auth`: an API key.
    var apiKey: String?
    /// `subscribe`, `unsubscribe`.
    var topics: [StreamTopic]?
    /// `subscribe`: how many of the latest records of each topic to send first.
    var bootstrap: [String: Int]?
    /// `auth`, `subscribe`: the tenant to follow (default the caller's first).
    var tenant: String?
}
