/// A DNS record type by its number, with names for the types Vantage decodes.
public struct DNSRecordType: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let srv = DNSRecordType(rawValue: 33)
    public static let opt = DNSRecordType(rawValue: 41)
    public static let ds = DNSRecordType(rawValue: 43)
    public static let rrsig = DNSRecordType(rawValue: 46)
    public static let nsec = DNSRecordType(rawValue: 47)
    public static let dnskey = DNSRecordType(rawValue: 48)
    public static let caa = DNSRecordType(rawValue: 257)

    /// The types a query may ask for, by name.
    public static let queryable: [DNSRecordType] = [.a, .aaaa, .cname, .mx, .ns, .txt, .soa, .srv, .caa, .ptr, .dnskey, .ds]

    private static let names: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV",
        41: "OPT", 43: "DS", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 50: "NSEC3", 257: "CAA",
    ]

    /// The mnemonic (`MX`), or `TYPE65280` for types without one (RFC 3597).
    public var description: String { Self.names[rawValue] ?? "TYPE\(rawValue)" }

    /// Looks up a queryable type by name, case-insensitively.
    public init?(name: String) {
        guard let match = Self.queryable.first(where: { $0.description == name.uppercased() }) else { return nil }
        self = match
    }
}

/// A response code, including the EDNS extended bits.
public struct DNSResponseCode: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noError = DNSResponseCode(rawValue: 0)
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    public static let nameError = DNSResponseCode(rawValue: 3)

    /// Every named code, for validation messages.
    public static let names: [UInt16: String] = [
        0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED", 6: "YXDOMAIN",
        7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 16: "BADVERS", 23: "BADCOOKIE",
    ]

    /// The mnemonic (`NXDOMAIN`), or `RCODE12`.
    public var description: String { Self.names[rawValue] ?? "RCODE\(rawValue)" }

    /// Looks up a code by mnemonic, case-insensitively.
    public init?(name: String) {
        guard let match = Self.names.first(where: { $0.value == name.uppercased() }) else { return nil }
        self.init(rawValue: match.key)
    }
}
