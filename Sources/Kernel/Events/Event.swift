import Foundation

/// Something that happened, published on the event bus, relayed between servers and streamed
/// to clients: a name (its topic, `monitor.status_changed`) and a payload.
///
/// Kinds are open: a feature declares a payload type conforming to `EventPayload` with its
/// name and publishes `Event(tenantID:, payload)`; subscribers read it back with
/// `event.payload(as:)`. Nothing enumerates every kind, so a new feature adds events without
/// editing a shared enum. An event whose name is known only at run time (a probe's own
/// `dns.answer_changed`) carries a JSON payload (`init(tenantID:name:json:)`).
public struct Event: Sendable, Codable, Hashable, Identifiable {
    /// Identifier.
    public var id: UUID
    /// The tenant it concerns.
    public var tenantID: TenantID
    /// When it happened.
    public var occurredAt: Date
    /// What happened: the payload type's `eventName`, or a run-time name.
    public let name: String
    /// The server that raised it when that was another process sharing the store (see
    /// `EventRelay`); nil for events of this process. Act on (notify about) only nil-origin
    /// events, so that each event is acted on once across servers.
    public var origin: String?
    /// Whether other servers sharing the store receive it (`EventPayload.isRelayed`): false
    /// for high-rate events of live views (`monitor.checked`).
    public let isRelayed: Bool
    private let body: Body

    /// The payload as published (typed, read without decoding) or as received (JSON).
    private enum Body: Sendable {
        case typed(any EventPayload)
        case json(JSONValue)
    }

    /// An event of a declared kind.
    public init<Payload: EventPayload>(id: UUID = UUID(), tenantID: TenantID, occurredAt: Date = Date(), _ payload: Payload,
                                       origin: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.occurredAt = occurredAt
        name = Payload.eventName
        isRelayed = Payload.isRelayed
        body = .typed(payload)
        self.origin = origin
    }

    /// An event whose name is known only at run time, with a JSON payload.
    public init(id: UUID = UUID(), tenantID: TenantID, occurredAt: Date = Date(), name: String, json: JSONValue, origin: String? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.occurredAt = occurredAt
        self.name = name
        isRelayed = true
        body = .json(json)
        self.origin = origin
    }

    /// The payload as `Payload`, or nil when the event is of another kind (or its JSON does
    /// not decode as one).
    public func payload<Payload: EventPayload>(as type: Payload.Type) -> Payload? {
        guard name == Payload.eventName else { return nil }
        switch body {
        case .typed(let payload): return payload as? Payload
        case .json(let json): return try? JSONDecoder().decode(Payload.self, from: JSONEncoder().encode(json))
        }
    }

    /// The payload as JSON.
    public var json: JSONValue {
        switch body {
        case .typed(let payload): return (try? JSONValue(encoding: payload)) ?? .null
        case .json(let json): return json
        }
    }

    private enum CodingKeys: String, CodingKey { case id, tenantID, occurredAt, name, payload, origin }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        tenantID = try container.decode(TenantID.self, forKey: .tenantID)
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        name = try container.decode(String.self, forKey: .name)
        body = .json(try container.decodeIfPresent(JSONValue.self, forKey: .payload) ?? .null)
        isRelayed = true
        origin = try container.decodeIfPresent(String.self, forKey: .origin)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(name, forKey: .name)
        switch body {
        case .typed(let payload): try container.encode(payload, forKey: .payload)
        case .json(let json): try container.encode(json, forKey: .payload)
        }
        try container.encodeIfPresent(origin, forKey: .origin)
    }

    public static func == (lhs: Event, rhs: Event) -> Bool {
        lhs.id == rhs.id && lhs.tenantID == rhs.tenantID && lhs.occurredAt == rhs.occurredAt && lhs.name == rhs.name
            && lhs.origin == rhs.origin && lhs.json == rhs.json
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(name)
    }
}

/// The payload of one kind of event, which names it.
public protocol EventPayload: Codable, Sendable {
    /// The event's name and topic: `monitor.status_changed`. Namespaced by feature.
    static var eventName: String { get }
    /// Whether other servers sharing the store receive it. Default true; false for high-rate
    /// events only live views of this server's own work want.
    static var isRelayed: Bool { get }
}

extension EventPayload {
    public static var isRelayed: Bool { true }
}
