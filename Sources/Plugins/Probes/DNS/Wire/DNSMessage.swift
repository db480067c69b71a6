/// A DNS message (RFC 1035 §4) with its EDNS0 pseudo-record (RFC 6891) taken out of the
/// additional section.
public struct DNSMessage: Sendable, Hashable {
    /// The query id.
    public var id: UInt16
    /// Header flags and the low four bits of the response code.
    public var flags: DNSFlags
    /// The question section.
    public var questions: [DNSQuestion]
    /// The answer section.
    public var answers: [DNSRecord]
    /// The authority section.
    public var authority: [DNSRecord]
    /// The additional section, without the OPT record.
    public var additional: [DNSRecord]
    /// The EDNS0 OPT record, when present.
    public var edns: EDNS?

    /// Creates a message.
    public init(id: UInt16, flags: DNSFlags, questions: [DNSQuestion] = [], answers: [DNSRecord] = [],
                authority: [DNSRecord] = [], additional: [DNSRecord] = [], edns: EDNS? = nil) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
    }

    /// The full response code: the header's four bits and EDNS's eight extended bits.
    public var responseCode: DNSResponseCode {
        DNSResponseCode(rawValue: UInt16(edns?.extendedResponseCode ?? 0) << 4 | UInt16(flags.responseCode))
    }
}

/// The second 16 bits of the header.
public struct DNSFlags: Sendable, Hashable {
    /// The raw bits.
    public var rawValue: UInt16

    /// Creates flags from their bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    private func bit(_ shift: UInt16) -> Bool { rawValue & (1 << shift) != 0 }
    private mutating func set(_ shift: UInt16, _ on: Bool) { rawValue = on ? rawValue | (1 << shift) : rawValue & ~(1 << shift) }

    /// Response (QR).
    public var isResponse: Bool { get { bit(15) } set { set(15, newValue) } }
    /// Operation code (0 for a query).
    public var opcode: UInt8 { UInt8((rawValue >> 11) & 0x0F) }
    /// Authoritative answer (AA).
    public var authoritative: Bool { get { bit(10) } set { set(10, newValue) } }
    /// Truncated (TC).
    public var truncated: Bool { get { bit(9) } set { set(9, newValue) } }
    /// Recursion desired (RD).
    public var recursionDesired: Bool { get { bit(8) } set { set(8, newValue) } }
    /// Recursion available (RA).
    public var recursionAvailable: Bool { get { bit(7) } set { set(7, newValue) } }
    /// Authentic data (AD).
    public var authenticData: Bool { get { bit(5) } set { set(5, newValue) } }
    /// Checking disabled (CD).
    public var checkingDisabled: Bool { get { bit(4) } set { set(4, newValue) } }
    /// The low four bits of the response code.
    public var responseCode: UInt8 {
        get { UInt8(rawValue & 0x0F) }
        set { rawValue = (rawValue & ~0x0F) | UInt16(newValue & 0x0F) }
    }

    /// The set flags by their dig names: `qr aa tc rd ra ad cd`.
    public var names: [String] {
        [(isResponse, "qr"), (authoritative, "aa"), (truncated, "tc"), (recursionDesired, "rd"),
         (recursionAvailable, "ra"), (authenticData, "ad"), (checkingDisabled, "cd")].filter(\.0).map(\.1)
    }
}

/// One question: name, type and class.
public struct DNSQuestion: Sendable, Hashable {
    /// The name asked about.
    public var name: DNSName
    /// The type asked for.
    public var type: DNSRecordType
    /// The class, 1 (IN) in practice.
    public var recordClass: UInt16

    /// Creates a question of class IN unless told otherwise.
    public init(name: DNSName, type: DNSRecordType, recordClass: UInt16 = 1) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }
}

/// One resource record.
public struct DNSRecord: Sendable, Hashable {
    /// The owner name.
    public var name: DNSName
    /// The type.
    public var type: DNSRecordType
    /// The class, 1 (IN) in practice.
    public var recordClass: UInt16
    /// Time to live in seconds.
    public var ttl: UInt32
    /// The decoded data.
    public var data: DNSRecordData

    /// Creates a record.
    public init(name: DNSName, type: DNSRecordType, recordClass: UInt16 = 1, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// The record in zone-file form: `example.test. 300 IN MX 10 mail.example.test.`.
    public var presentation: String {
        "\(name) \(ttl) \(recordClass == 1 ? "IN" : "CLASS\(recordClass)") \(type) \(data.presentation)"
    }
}

/// The EDNS0 pseudo-record.
public struct EDNS: Sendable, Hashable {
    /// The largest UDP payload the sender accepts.
    public var udpPayloadSize: UInt16
    /// The upper eight bits of the response code.
    public var extendedResponseCode: UInt8
    /// The EDNS version (0).
    public var version: UInt8
    /// DNSSEC OK (DO): the sender wants DNSSEC records.
    public var dnssecOK: Bool
    /// The options, as code and raw data.
    public var options: [Option]

    /// One EDNS option.
    public struct Option: Sendable, Hashable {
        /// The option code.
        public var code: UInt16
        /// Its data.
        public var data: [UInt8]
    }

    /// Creates an OPT record.
    public init(udpPayloadSize: UInt16 = 1232, extendedResponseCode: UInt8 = 0, version: UInt8 = 0,
                dnssecOK: Bool = false, options: [Option] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedResponseCode = extendedResponseCode
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }
}
