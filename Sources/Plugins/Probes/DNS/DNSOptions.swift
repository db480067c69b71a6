import Kernel

/// Per-monitor options of `probe.dns`. The target is the name to look up (an IP address
/// looks up its PTR record).
public struct DNSOptions: Codable, Sendable, Hashable {
    /// Record type: A, AAAA, CNAME, MX, NS, TXT, SOA, SRV, CAA, PTR, DNSKEY or DS. Default A
    /// (PTR when the target is an IP address).
    public var type: String?
    /// Servers as `HOST[:PORT]`, tried in order; default the system resolvers of `resolv.conf`.
    public var servers: [String]
    /// `udp` (retried over TCP when the answer is truncated) or `tcp`. Default `udp`.
    public var transport: Transport
    /// Recursion desired (RD). Default true.
    public var recursion: Bool
    /// Ask for DNSSEC records (the EDNS DO bit) and set AD. Default false.
    public var dnssec: Bool
    /// Checking disabled (CD). Default false.
    public var checkingDisabled: Bool
    /// Send an EDNS0 OPT record. Default true.
    public var edns: Bool
    /// The EDNS UDP payload size, 512 to 4096. Default 1232 (the DNS flag day value).
    public var bufferSize: Int
    /// Seconds to wait for each UDP attempt (or the TCP exchange). Default: the run's timeout
    /// shared among attempts, at most 2 s.
    public var attemptTimeout: Double?
    /// UDP sends per server before moving on, 1 to 10. Default 2.
    public var attempts: Int
    /// Response codes that count as up. Default `["NOERROR"]`.
    public var expectRcode: [String]
    /// What the answer must hold (see `AnswerExpectation`). Default: nothing checked.
    public var expectAnswers: AnswerExpectation?
    /// Query time in seconds above which the result is degraded. Default: none.
    public var degradedAfter: Double?
    /// Raise a `dns.answer_changed` event when the answer set differs from the last run's.
    public var alertOnChange: Bool

    /// How queries travel.
    public enum Transport: String, Codable, Sendable, Hashable, CaseIterable {
        /// UDP, asked again over TCP when the answer is truncated.
        case udp
        /// TCP only.
        case tcp
    }

    /// Expected answers, compared with each record's value: addresses as text, names without
    /// the trailing dot, TXT strings joined, MX as `10 mail.example.com`. Letter case and a
    /// trailing dot are ignored. Exactly one of the three may be given.
    public struct AnswerExpectation: Codable, Sendable, Hashable {
        /// Every value listed must be in the answer (others may be too).
        public var contains: [String]?
        /// The answer must be exactly these values, in any order.
        public var equals: [String]?
        /// At least one value listed must be in the answer.
        public var anyOf: [String]?

        /// Creates an expectation.
        public init(contains: [String]? = nil, equals: [String]? = nil, anyOf: [String]? = nil) {
            self.contains = contains
            self.equals = equals
            self.anyOf = anyOf
        }
    }

    /// Creates options; every parameter has its documented default.
    public init(type: String? = nil, servers: [String] = [], transport: Transport = .udp, recursion: Bool = true,
                dnssec: Bool = false, checkingDisabled: Bool = false, edns: Bool = true, bufferSize: Int = 1232,
                attemptTimeout: Double? = nil, attempts: Int = 2, expectRcode: [String] = ["NOERROR"],
                expectAnswers: AnswerExpectation? = nil, degradedAfter: Double? = nil, alertOnChange: Bool = false) {
        self.type = type
        self.servers = servers
        self.transport = transport
        self.recursion = recursion
        self.dnssec = dnssec
        self.checkingDisabled = checkingDisabled
        self.edns = edns
        self.bufferSize = bufferSize
        self.attemptTimeout = attemptTimeout
        self.attempts = attempts
        self.expectRcode = expectRcode
        self.expectAnswers = expectAnswers
        self.degradedAfter = degradedAfter
        self.alertOnChange = alertOnChange
    }

    public init(from decoder: any Decoder) throws {
        let defaults = DNSOptions()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        servers = try container.decodeIfPresent([String].self, forKey: .servers) ?? defaults.servers
        transport = try container.decodeIfPresent(Transport.self, forKey: .transport) ?? defaults.transport
        recursion = try container.decodeIfPresent(Bool.self, forKey: .recursion) ?? defaults.recursion
        dnssec = try container.decodeIfPresent(Bool.self, forKey: .dnssec) ?? defaults.dnssec
        checkingDisabled = try container.decodeIfPresent(Bool.self, forKey: .checkingDisabled) ?? defaults.checkingDisabled
        edns = try container.decodeIfPresent(Bool.self, forKey: .edns) ?? defaults.edns
        bufferSize = try container.decodeIfPresent(Int.self, forKey: .bufferSize) ?? defaults.bufferSize
        attemptTimeout = try container.decodeIfPresent(Double.self, forKey: .attemptTimeout)
        attempts = try container.decodeIfPresent(Int.self, forKey: .attempts) ?? defaults.attempts
        expectRcode = try container.decodeIfPresent([String].self, forKey: .expectRcode) ?? defaults.expectRcode
        expectAnswers = try container.decodeIfPresent(AnswerExpectation.self, forKey: .expectAnswers)
        degradedAfter = try container.decodeIfPresent(Double.self, forKey: .degradedAfter)
        alertOnChange = try container.decodeIfPresent(Bool.self, forKey: .alertOnChange) ?? defaults.alertOnChange
    }

    /// Checks every option, throwing `ValidationError` on `config.<key>`.
    func validate() throws {
        if let type, DNSRecordType(name: type) == nil {
            throw ValidationError(field: "config.type", "unknown record type '\(type)'",
                                  allowedValues: DNSRecordType.queryable.map(\.description))
        }
        for (index, server) in servers.enumerated() { _ = try DNSServerAddress(dnsServer: server, field: "config.servers[\(index)]") }
        if dnssec && !edns {
            throw ValidationError(field: "config.dnssec", "the DO bit travels in the EDNS record; set edns to true, or dnssec to false")
        }
        guard (512...4096).contains(bufferSize) else { throw ValidationError(field: "config.bufferSize", "must be from 512 to 4096 bytes") }
        guard (1...10).contains(attempts) else { throw ValidationError(field: "config.attempts", "must be from 1 to 10") }
        if let attemptTimeout, !(0.01...60).contains(attemptTimeout) {
            throw ValidationError(field: "config.attemptTimeout", "must be from 0.01 to 60 seconds")
        }
        guard !expectRcode.isEmpty else { throw ValidationError(field: "config.expectRcode", "list at least one response code") }
        for (index, code) in expectRcode.enumerated() where DNSResponseCode(name: code) == nil {
            throw ValidationError(field: "config.expectRcode[\(index)]", "unknown response code '\(code)'",
                                  allowedValues: DNSResponseCode.names.sorted { $0.key < $1.key }.map(\.value))
        }
        if let expectAnswers {
            let given = [expectAnswers.contains, expectAnswers.equals, expectAnswers.anyOf].compactMap { $0 }
            guard given.count == 1 else {
                throw ValidationError(field: "config.expectAnswers", "give exactly one of contains, equals or anyOf")
            }
            if expectAnswers.anyOf?.isEmpty == true || expectAnswers.contains?.isEmpty == true {
                throw ValidationError(field: "config.expectAnswers", "the list of expected values is empty")
            }
        }
        if let degradedAfter, !(degradedAfter > 0 && degradedAfter <= 60) {
            throw ValidationError(field: "config.degradedAfter", "must be more than 0 and at most 60 seconds")
        }
    }
}
