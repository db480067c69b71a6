/// How a trace sends its probes.
public enum TraceMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// ICMP echo requests (works on unprivileged datagram sockets too).
    case icmp
    /// UDP datagrams to one closed port (needs a raw ICMP socket to read the answers).
    case udp
    /// TCP SYN segments to one port (needs raw sockets).
    case tcp

    /// The destination port used when none is given: 33434 for UDP (traceroute's), 80 for TCP.
    public var defaultPort: UInt16 { self == .tcp ? 80 : 33434 }
}

/// One trace round's parameters.
public struct TraceSettings: Sendable, Hashable {
    /// Probe method.
    public var method: TraceMethod
    /// Where the trace goes.
    public var destination: IPAddress
    /// Destination port for UDP and TCP (constant for the whole trace: one flow).
    public var port: UInt16
    /// First TTL probed.
    public var firstTTL: Int
    /// Last TTL probed.
    public var maxHops: Int
    /// Probes per hop.
    public var probesPerHop: Int
    /// Longest wait for any answer, in seconds.
    public var wait: Double
    /// How many probes may be in flight at once (traceroute's `-N`).
    public var parallel: Int
    /// Payload bytes of each probe before the per-probe length offset (UDP) or of each echo.
    public var payloadSize: Int
    /// Source address and interface.
    public var sendOptions: SendOptions
    /// Once a later hop has answered in `r`, stop waiting for an earlier silent probe after
    /// `nearFactor × r` (at least `minimumWait`), as traceroute's `-w MAX,HERE,NEAR`.
    public var nearFactor: Double = 10
    /// The floor of the derived wait, in seconds.
    public var minimumWait: Double = 0.005

    /// Creates settings.
    public init(method: TraceMethod, destination: IPAddress, port: UInt16? = nil, firstTTL: Int = 1, maxHops: Int = 30,
                probesPerHop: Int = 3, wait: Double = 3, parallel: Int = 16, payloadSize: Int = 32, sendOptions: SendOptions = SendOptions()) {
        self.method = method
        self.destination = destination
        self.port = port ?? method.defaultPort
        self.firstTTL = firstTTL
        self.maxHops = maxHops
        self.probesPerHop = probesPerHop
        self.wait = wait
        self.parallel = parallel
        self.payloadSize = payloadSize
        self.sendOptions = sendOptions
    }

    /// Number of probes a full round can send.
    public var probeCount: Int { max(maxHops - firstTTL + 1, 0) * probesPerHop }
}
