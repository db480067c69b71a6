/// A domain name as a sequence of labels (raw bytes, case preserved). Comparison is
/// case-insensitive for ASCII letters, as DNS requires.
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The labels, left to right, without the empty root label.
    public private(set) var labels: [[UInt8]]

    /// The root name `.`.
    public static let root = DNSName(labels: [])

    /// Creates a name from labels already checked (1 to 63 bytes each, 255 bytes in all).
    public init(labels: [[UInt8]]) { self.labels = labels }

    /// Parses a name in text form: `example.com`, `example.com.`, `.` for the root. Letters,
    /// digits, `-`, `_`, `*` and `/` are accepted; labels are 1 to 63 bytes, the whole name at
    /// most 253 characters; an empty label (`a..b`, a leading dot) is refused.
    public init(parsing text: String) throws(DNSNameError) {
        if text == "." { self = .root; return }
        guard !text.isEmpty else { throw DNSNameError(reason: "the name is empty") }
        let body = text.hasSuffix(".") ? Substring(text.dropLast()) : Substring(text)
        var labels: [[UInt8]] = []
        for label in body.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty else { throw DNSNameError(reason: "'\(text)' has an empty label (two dots in a row, or a leading dot)") }
            guard label.utf8.count <= 63 else {
                throw DNSNameError(reason: "label '\(label.prefix(20))…' is \(label.utf8.count) bytes; at most 63 are allowed")
            }
            for character in label.unicodeScalars {
                guard character.isASCII else {
                    throw DNSNameError(reason: "'\(text)' is not ASCII; write an internationalised name in its xn-- form")
                }
                let value = UInt8(character.value)
                let allowed = (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                    || value == 0x2D || value == 0x5F || value == 0x2A || value == 0x2F
                guard allowed else { throw DNSNameError(reason: "'\(text)' contains '\(character)'; names use letters, digits, '-', '_', '*' and '/'") }
            }
            labels.append(Array(label.utf8))
        }
        let name = DNSName(labels: labels)
        guard name.wireLength <= 255 else { throw DNSNameError(reason: "'\(text.prefix(40))…' is \(text.utf8.count) characters; at most 253 are allowed") }
        self = name
    }

    /// Bytes on the wire without compression.
    public var wireLength: Int { labels.reduce(1) { $0 + 1 + $1.count } }

    /// The name with a trailing dot; bytes outside letters, digits and `-_*/` escaped as `\DDD`.
    public var description: String {
        guard !labels.isEmpty else { return "." }
        var text = ""
        for label in labels {
            Self.appendEscaped(label, to: &text, printable: 0x21...0x7E, escaped: (0x2E, 0x5C))
            text += "."
        }
        return text
    }

    /// Appends `bytes` as zone-file text: `escaped` bytes after a backslash, other bytes outside
    /// `printable` as `\DDD`.
    static func appendEscaped(_ bytes: [UInt8], to text: inout String, printable: ClosedRange<UInt8>, escaped: (UInt8, UInt8)) {
        for byte in bytes {
            if byte == escaped.0 || byte == escaped.1 {
                text += "\\" + String(UnicodeScalar(byte))
            } else if printable.contains(byte) {
                text.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                let digits = String(byte)
                text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
            }
        }
    }

    /// The name lower-cased (ASCII), for comparison and compression.
    public var lowercased: DNSName {
        DNSName(labels: labels.map { $0.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 } })
    }

    /// The name without its first `count` labels.
    public func dropping(_ count: Int) -> DNSName { DNSName(labels: Array(labels.dropFirst(count))) }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.lowercased.labels == rhs.lowercased.labels }

    public func hash(into hasher: inout Hasher) { hasher.combine(lowercased.labels) }

    /// The reverse-lookup name of an IPv4 (4 bytes) or IPv6 (16 bytes) address:
    /// `1.2.0.192.in-addr.arpa.` or the nibbles under `ip6.arpa.`.
    public static func reverse(addressBytes bytes: [UInt8]) -> DNSName? {
        switch bytes.count {
        case 4:
            return DNSName(labels: bytes.reversed().map { Array(String($0).utf8) } + [Array("in-addr".utf8), Array("arpa".utf8)])
        case 16:
            let hex = Array("0123456789abcdef".utf8)
            var labels: [[UInt8]] = []
            for byte in bytes.reversed() {
                labels.append([hex[Int(byte & 0x0F)]])
                labels.append([hex[Int(byte >> 4)]])
            }
            return DNSName(labels: labels + [Array("ip6".utf8), Array("arpa".utf8)])
        default:
            return nil
        }
    }
}
