import Foundation

/// One hop of a route, the one shape every route measurement reports: `probe.traceroute`
/// (one round, with each probe's reply), `probe.mtr` (totals over many rounds), and what reads
/// them — mtr over SSH, GeoIP enrichment, route-change detection, export and the web UI.
/// Results carry it as `details.hops`; `RouteHop.hops(in:)` reads it back.
///
/// Times are in milliseconds with microsecond precision, as `mtr --json` and `ping` print them.
public struct RouteHop: Codable, Sendable, Hashable {
    /// The TTL (hop limit) of the probes: the hop's position on the path, from 1.
    public var ttl: Int
    /// Every address that answered at this hop, in order of first answer (ECMP paths and
    /// load balancers show several).
    public var responders: [RouteResponder]
    /// Probes sent to this hop.
    public var sent: Int
    /// Probes answered.
    public var received: Int
    /// Share of probes without an answer, in percent with two decimals.
    public var lossPercent: Double
    /// The last round trip.
    public var lastMs: Double?
    /// The average round trip.
    public var avgMs: Double?
    /// The best round trip.
    public var bestMs: Double?
    /// The worst round trip.
    public var worstMs: Double?
    /// The sample standard deviation of the round trips (mtr's `StDev`).
    public var stdDevMs: Double?
    /// What the hop said besides "time exceeded" (`!N` network unreachable, `!H`, `!X`), if anything.
    public var annotation: String?
    /// Each probe's reply, for a single round (traceroute); nil for totals over rounds (mtr).
    public var probes: [RouteReply]?

    /// Whether no address answered at this hop.
    public var silent: Bool { responders.isEmpty }

    /// Creates a hop.
    public init(ttl: Int, responders: [RouteResponder], sent: Int, received: Int, lossPercent: Double,
                lastMs: Double? = nil, avgMs: Double? = nil, bestMs: Double? = nil, worstMs: Double? = nil,
                stdDevMs: Double? = nil, annotation: String? = nil, probes: [RouteReply]? = nil) {
        self.ttl = ttl
        self.responders = responders
        self.sent = sent
        self.received = received
        self.lossPercent = lossPercent
        self.lastMs = lastMs
        self.avgMs = avgMs
        self.bestMs = bestMs
        self.worstMs = worstMs
        self.stdDevMs = stdDevMs
        self.annotation = annotation
        self.probes = probes
    }

    private enum CodingKeys: String, CodingKey {
        case ttl, responders, sent, received, lossPercent, lastMs, avgMs, bestMs, worstMs, stdDevMs, annotation, probes, silent
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ttl = try container.decode(Int.self, forKey: .ttl)
        responders = try container.decodeIfPresent([RouteResponder].self, forKey: .responders) ?? []
        sent = try container.decodeIfPresent(Int.self, forKey: .sent) ?? 0
        received = try container.decodeIfPresent(Int.self, forKey: .received) ?? 0
        lossPercent = try container.decodeIfPresent(Double.self, forKey: .lossPercent) ?? 0
        lastMs = try container.decodeIfPresent(Double.self, forKey: .lastMs)
        avgMs = try container.decodeIfPresent(Double.self, forKey: .avgMs)
        bestMs = try container.decodeIfPresent(Double.self, forKey: .bestMs)
        worstMs = try container.decodeIfPresent(Double.self, forKey: .worstMs)
        stdDevMs = try container.decodeIfPresent(Double.self, forKey: .stdDevMs)
        annotation = try container.decodeIfPresent(String.self, forKey: .annotation)
        probes = try container.decodeIfPresent([RouteReply].self, forKey: .probes)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ttl, forKey: .ttl)
        try container.encode(responders, forKey: .responders)
        try container.encode(sent, forKey: .sent)
        try container.encode(received, forKey: .received)
        try container.encode(lossPercent, forKey: .lossPercent)
        try container.encodeIfPresent(lastMs, forKey: .lastMs)
        try container.encodeIfPresent(avgMs, forKey: .avgMs)
        try container.encodeIfPresent(bestMs, forKey: .bestMs)
        try container.encodeIfPresent(worstMs, forKey: .worstMs)
        try container.encodeIfPresent(stdDevMs, forKey: .stdDevMs)
        try container.encodeIfPresent(annotation, forKey: .annotation)
        try container.encodeIfPresent(probes, forKey: .probes)
        try container.encode(silent, forKey: .silent)
    }

    /// The hop as JSON, for a result's `details.hops` or a progress update.
    public var json: JSONValue { (try? JSONValue(encoding: self)) ?? .null }

    /// A hop from its JSON (a progress update's `hop`), or nil when it is not one.
    public init?(json: JSONValue) {
        guard let hop = Self.leniently(RouteHop.self, from: json) else { return nil }
        self = hop
    }

    /// The hops of a route result (`details.hops` of probe.traceroute and probe.mtr), or nil
    /// when `details` has none. Unknown members are ignored, so results stored by later
    /// versions still read.
    public static func hops(in details: JSONValue) -> [RouteHop]? {
        details.objectValue?["hops"].flatMap { leniently([RouteHop].self, from: $0) }
    }

    /// Decodes ignoring members the type does not know (stored results may be newer).
    private static func leniently<T: Decodable>(_ type: T.Type, from value: JSONValue) -> T? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    /// Loss in percent with two decimals, as both probes have always shown it.
    public static func lossPercent(sent: Int, received: Int) -> Double {
        sent == 0 ? 0 : (Double(sent - received) / Double(sent) * 10_000).rounded() / 100
    }
}
