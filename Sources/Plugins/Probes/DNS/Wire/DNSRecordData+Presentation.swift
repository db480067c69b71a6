#if canImport(Glibc)
import Glibc
#endif

extension DNSRecordData {
    /// The data in zone-file form, as dig prints it.
    public var presentation: String {
        switch self {
        case .ipv4(let bytes), .ipv6(let bytes): return Self.address(bytes)
        case .name(let name): return "\(name)"
        case .mailExchange(let preference, let exchange): return "\(preference) \(exchange)"
        case .text(let strings): return strings.map(Self.quoted).joined(separator: " ")
        case .startOfAuthority(let soa):
            return "\(soa.primary) \(soa.responsible) \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
        case .service(let priority, let weight, let port, let target): return "\(priority) \(weight) \(port) \(target)"
        case .certificationAuthority(let flags, let tag, let value): return "\(flags) \(tag) \(Self.quoted(value))"
        case .dnsKey(let flags, let proto, let algorithm, let key):
            return "\(flags) \(proto) \(algorithm) \(Base64.encode(key))"
        case .delegationSigner(let keyTag, let algorithm, let digestType, let digest):
            return "\(keyTag) \(algorithm) \(digestType) \(Self.hex(digest).uppercased())"
        case .signature(let sig):
            return "\(sig.typeCovered) \(sig.algorithm) \(sig.labels) \(sig.originalTTL) \(sig.expiration) \(sig.inception) \(sig.keyTag) \(sig.signer) \(Base64.encode(sig.signature))"
        case .unknown(let bytes): return "\\# \(bytes.count)" + (bytes.isEmpty ? "" : " " + Self.hex(bytes))
        }
    }

    /// The value expectations compare: addresses and names as text (names without the final
    /// dot), TXT strings joined, MX as `preference exchange`, everything else as presented.
    public var comparable: String {
        switch self {
        case .name(let name): return Self.bare(name)
        case .mailExchange(let preference, let exchange): return "\(preference) \(Self.bare(exchange))"
        case .text(let strings): return String(decoding: strings.joined(), as: UTF8.self)
        case .service(let priority, let weight, let port, let target): return "\(priority) \(weight) \(port) \(Self.bare(target))"
        case .certificationAuthority(let flags, let tag, let value): return "\(flags) \(tag) \(String(decoding: value, as: UTF8.self))"
        default: return presentation
        }
    }

    /// The key tag of a DNSKEY (RFC 4034 appendix B), or nil for other types.
    public var keyTag: UInt16? {
        guard case .dnsKey(let flags, let proto, let algorithm, let key) = self else { return nil }
        let rdata = [UInt8(flags >> 8), UInt8(flags & 0xFF), proto, algorithm] + key
        var sum: UInt32 = 0
        for (index, byte) in rdata.enumerated() { sum += index & 1 == 0 ? UInt32(byte) << 8 : UInt32(byte) }
        sum += (sum >> 16) & 0xFFFF
        return UInt16(sum & 0xFFFF)
    }

    static func bare(_ name: DNSName) -> String {
        let text = name.description
        return text == "." ? text : String(text.dropLast()).lowercased()
    }

    static func address(_ bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &text, 64) != nil }
        guard ok else { return hex(bytes) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func quoted(_ bytes: [UInt8]) -> String {
        var text = "\""
        DNSName.appendEscaped(bytes, to: &text, printable: 0x20...0x7E, escaped: (0x22, 0x5C))
        return text + "\""
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Standard base64 (RFC 4648), for DNSKEY and RRSIG display without Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int((value >> (18 - 6 * position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
