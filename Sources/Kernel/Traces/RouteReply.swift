/// What one probe of a hop got back (traceroute shows each).
public struct RouteReply: Codable, Sendable, Hashable {
    /// Who answered, or nil when nobody did.
    public var address: String?
    /// The round trip, or nil when unanswered.
    public var rttMs: Double?
    /// `!N`, `!H`, ... when the answer was an error other than time exceeded.
    public var annotation: String?
    /// The TTL of the reply as received.
    public var replyTTL: Int?
    /// True when the probe was never sent (the trace ended first).
    public var notSent: Bool?

    /// Creates a reply.
    public init(address: String?, rttMs: Double?, annotation: String? = nil, replyTTL: Int? = nil, notSent: Bool? = nil) {
        self.address = address
        self.rttMs = rttMs
        self.annotation = annotation
        self.replyTTL = replyTTL
        self.notSent = notSent
    }

    private enum CodingKeys: String, CodingKey { case address, rttMs, annotation, replyTTL, notSent }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Address and round trip are always present, null when missing, as traceroute has
        // always shown them.
        try container.encode(address, forKey: .address)
        try container.encode(rttMs, forKey: .rttMs)
        try container.encodeIfPresent(annotation, forKey: .annotation)
        try container.encodeIfPresent(replyTTL, forKey: .replyTTL)
        try container.encodeIfPresent(notSent, forKey: .notSent)
    }
}
