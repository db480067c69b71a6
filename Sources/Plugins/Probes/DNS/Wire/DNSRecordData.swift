/// The data of a resource record, decoded for the types Vantage knows and kept as bytes
/// (RFC 3597 form) for the rest.
public enum DNSRecordData: Sendable, Hashable {
    /// An IPv4 address (A).
    case ipv4([UInt8])
    /// An IPv6 address (AAAA).
    case ipv6([UInt8])
    /// A single name: CNAME, NS or PTR.
    case name(DNSName)
    /// MX.
    case mailExchange(preference: UInt16, exchange: DNSName)
    /// TXT: one or more character strings.
    case text([[UInt8]])
    /// SOA.
    case startOfAuthority(SOA)
    /// SRV.
    case service(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// CAA.
    case certificationAuthority(flags: UInt8, tag: String, value: [UInt8])
    /// DNSKEY.
    case dnsKey(flags: UInt16, protocol: UInt8, algorithm: UInt8, publicKey: [UInt8])
    /// DS.
    case delegationSigner(keyTag: UInt16, algorithm: UInt8, digestType: UInt8, digest: [UInt8])
    /// RRSIG (decoded for display; signatures are not verified).
    case signature(RRSIG)
    /// Any other type, as raw bytes.
    case unknown([UInt8])

    /// SOA fields.
    public struct SOA: Sendable, Hashable {
        public var primary: DNSName
        public var responsible: DNSName
        public var serial: UInt32
        public var refresh: UInt32
        public var retry: UInt32
        public var expire: UInt32
        public var minimum: UInt32
    }

    /// RRSIG fields.
    public struct RRSIG: Sendable, Hashable {
        public var typeCovered: DNSRecordType
        public var algorithm: UInt8
        public var labels: UInt8
        public var originalTTL: UInt32
        public var expiration: UInt32
        public var inception: UInt32
        public var keyTag: UInt16
        public var signer: DNSName
        public var signature: [UInt8]
    }

    /// Decodes `length` bytes of data of `type` at the reader's position.
    static func decode(_ type: DNSRecordType, length: Int, from reader: inout DNSReader) throws(DNSWireError) -> DNSRecordData {
        let start = reader.offset
        let outerEnd = reader.end
        guard length <= reader.remaining else { throw .truncated(what: "\(type) record data", offset: start) }
        reader.end = start + length
        defer { reader.end = outerEnd }
        let what = "\(type) record data"
        let data: DNSRecordData
        switch type {
        case .a:
            guard length == 4 else { throw .badRecordData(type: "A", reason: "\(length) bytes, not 4") }
            data = .ipv4(try reader.take(4, what))
        case .aaaa:
            guard length == 16 else { throw .badRecordData(type: "AAAA", reason: "\(length) bytes, not 16") }
            data = .ipv6(try reader.take(16, what))
        case .cname, .ns, .ptr:
            data = .name(try reader.name(what))
        case .mx:
            data = .mailExchange(preference: try reader.u16(what), exchange: try reader.name(what))
        case .txt:
            var strings: [[UInt8]] = []
            while reader.remaining > 0 {
                let count = Int(try reader.u8(what))
                strings.append(try reader.take(count, what))
            }
            guard !strings.isEmpty else { throw .badRecordData(type: "TXT", reason: "no character string") }
            data = .text(strings)
        case .soa:
            data = .startOfAuthority(SOA(primary: try reader.name(what), responsible: try reader.name(what),
                                         serial: try reader.u32(what), refresh: try reader.u32(what), retry: try reader.u32(what),
                                         expire: try reader.u32(what), minimum: try reader.u32(what)))
        case .srv:
            data = .service(priority: try reader.u16(what), weight: try reader.u16(what), port: try reader.u16(what),
                            target: try reader.name(what))
        case .caa:
            let flags = try reader.u8(what)
            let tagLength = Int(try reader.u8(what))
            guard tagLength > 0 else { throw .badRecordData(type: "CAA", reason: "empty tag") }
            let tagBytes = try reader.take(tagLength, what)
            // RFC 8659: a tag is ASCII letters and digits. Anything else is refused here, so
            // the tag round-trips byte for byte (a lossy UTF-8 decoding could grow it past
            // the 255 bytes its length field holds).
            guard tagBytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }) else {
                throw .badRecordData(type: "CAA", reason: "the tag is not ASCII letters and digits")
            }
            let tag = String(decoding: tagBytes, as: UTF8.self)
            data = .certificationAuthority(flags: flags, tag: tag, value: try reader.take(reader.remaining, what))
        case .dnskey:
            data = .dnsKey(flags: try reader.u16(what), protocol: try reader.u8(what), algorithm: try reader.u8(what),
                           publicKey: try reader.take(reader.remaining, what))
        case .ds:
            data = .delegationSigner(keyTag: try reader.u16(what), algorithm: try reader.u8(what), digestType: try reader.u8(what),
                                     digest: try reader.take(reader.remaining, what))
        case .rrsig:
            data = .signature(RRSIG(typeCovered: DNSRecordType(rawValue: try reader.u16(what)), algorithm: try reader.u8(what),
                                    labels: try reader.u8(what), originalTTL: try reader.u32(what), expiration: try reader.u32(what),
                                    inception: try reader.u32(what), keyTag: try reader.u16(what), signer: try reader.name(what),
                                    signature: try reader.take(reader.remaining, what)))
        default:
            data = .unknown(try reader.take(length, what))
        }
        guard reader.offset == start + length else {
            throw .badRecordData(type: "\(type)", reason: "\(start + length - reader.offset) bytes left over")
        }
        return data
    }

    /// Writes the data (names in CNAME, NS, PTR, MX and SOA compressed, as RFC 3597 allows).
    func encode(into writer: inout DNSWriter) {
        switch self {
        case .ipv4(let bytes), .ipv6(let bytes), .unknown(let bytes): writer.append(bytes)
        case .name(let name): writer.name(name)
        case .mailExchange(let preference, let exchange):
            writer.u16(preference)
            writer.name(exchange)
        case .text(let strings):
            for string in strings {
                writer.u8(UInt8(min(string.count, 255)))
                writer.append(Array(string.prefix(255)))
            }
        case .startOfAuthority(let soa):
            writer.name(soa.primary)
            writer.name(soa.responsible)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum] { writer.u32(value) }
        case .service(let priority, let weight, let port, let target):
            writer.u16(priority); writer.u16(weight); writer.u16(port)
            writer.name(target, compress: false)
        case .certificationAuthority(let flags, let tag, let value):
            writer.u8(flags)
            writer.u8(UInt8(tag.utf8.count))
            writer.append(Array(tag.utf8))
            writer.append(value)
        case .dnsKey(let flags, let proto, let algorithm, let key):
            writer.u16(flags); writer.u8(proto); writer.u8(algorithm)
            writer.append(key)
        case .delegationSigner(let keyTag, let algorithm, let digestType, let digest):
            writer.u16(keyTag); writer.u8(algorithm); writer.u8(digestType)
            writer.append(digest)
        case .signature(let sig):
            writer.u16(sig.typeCovered.rawValue); writer.u8(sig.algorithm); writer.u8(sig.labels)
            writer.u32(sig.originalTTL); writer.u32(sig.expiration); writer.u32(sig.inception); writer.u16(sig.keyTag)
            writer.name(sig.signer, compress: false)
            writer.append(sig.signature)
        }
    }
}
