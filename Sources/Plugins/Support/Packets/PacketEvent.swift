/// Something waiting for answers to its probes: a ping session or a trace.
public protocol PacketSink: AnyObject, Sendable {
    /// Called on a socket-reader thread for every answer addressed to this sink; must not block.
    func receive(_ event: PacketEvent)
}

/// An answer to one probe, routed to the sink that sent it.
public struct PacketEvent: Sendable, Hashable {
    /// What kind of answer.
    public enum Kind: Sendable, Hashable {
        /// An echo reply, with the cookie found in its payload (nil when it has none).
        case echoReply(cookie: UInt32?)
        /// An ICMP error (time exceeded, unreachable) quoting the probe.
        case icmpError(type: UInt8, code: UInt8)
        /// A TCP segment answering a SYN probe.
        case tcp(flags: UInt8)
    }

    /// What arrived.
    public var kind: Kind
    /// Which probe it answers: the echo sequence, the UDP length, or the TCP sequence number.
    public var key: UInt32
    /// Who answered.
    public var responder: IPAddress
    /// Kernel receive time, realtime nanoseconds.
    public var timestamp: Int64
    /// TTL or hop limit of the answer, when known.
    public var ttl: UInt8?
    /// For ICMP errors: where the quoted probe was going.
    public var quotedDestination: IPAddress?

    /// Creates an event.
    public init(kind: Kind, key: UInt32, responder: IPAddress, timestamp: Int64, ttl: UInt8? = nil, quotedDestination: IPAddress? = nil) {
        self.kind = kind
        self.key = key
        self.responder = responder
        self.timestamp = timestamp
        self.ttl = ttl
        self.quotedDestination = quotedDestination
    }

    /// ICMP errors that mean the probe reached its destination or cannot get further: every
    /// unreachable and parameter problem; time exceeded is the only "keep going" answer.
    public var isTerminal: Bool {
        switch kind {
        case .echoReply, .tcp: return true
        case .icmpError(let type, _):
            return type != (responder.family == .ipv4 ? ICMPType.timeExceeded : ICMPType.timeExceededV6)
        }
    }
}
