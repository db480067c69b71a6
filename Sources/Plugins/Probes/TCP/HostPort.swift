import Kernel

/// A `host:port` target: a DNS name, an IPv4 address or a bracketed IPv6 address, and a port.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// The host without brackets.
    public var host: String
    /// The port, 1 to 65535.
    public var port: Int

    /// Parses `host:port`, `[v6]:port`; throws `ValidationError` on the field `target`.
    /// Works on the UTF-8 bytes without allocating: `probe.tcp` parses its target on every
    /// run, and the character-by-character version was 3.5 % of a check's CPU.
    public init(parsing text: String) throws {
        let trimmed = Self.trimmed(text)
        let utf8 = trimmed.utf8
        let colon = UInt8(ascii: ":")
        let hostPart: Substring, portPart: Substring
        if utf8.first == UInt8(ascii: "[") {
            guard let close = utf8.firstIndex(of: UInt8(ascii: "]")), trimmed[trimmed.index(after: close)...].utf8.first == colon else {
                throw ValidationError(field: "target", "expected [IPv6]:port, got '\(text)'")
            }
            hostPart = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            portPart = trimmed[trimmed.index(close, offsetBy: 2)...]
        } else {
            guard let last = utf8.lastIndex(of: colon), utf8.firstIndex(of: colon) == last else {
                throw ValidationError(field: "target", "expected host:port (IPv6 as [address]:port), got '\(text)'")
            }
            hostPart = trimmed[..<last]
            portPart = trimmed[utf8.index(after: last)...]
        }
        guard let port = Int(portPart), (1...65535).contains(port) else {
            throw ValidationError(field: "target", "port must be a number from 1 to 65535, got '\(portPart)'")
        }
        let host = String(hostPart)
        guard HostPort.isValidHost(host) else {
            throw ValidationError(field: "target", "'\(host)' is not a host name or IP address")
        }
        self.host = host
        self.port = port
    }

    /// `text` without surrounding whitespace; the text itself when it has none (no copy).
    private static func trimmed(_ text: String) -> Substring {
        guard let first = text.utf8.first, let last = text.utf8.last else { return Substring(text) }
        func plain(_ byte: UInt8) -> Bool { byte < 0x80 && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        if plain(first), plain(last) { return Substring(text) }
        return Substring(text.trimmingCharacters(in: .whitespaces))
    }

    /// Creates a value from parts already checked.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True for an IP literal or a DNS name of letters, digits, hyphens, underscores and dots
    /// (labels of 1 to 63 characters, 253 in all).
    static func isValidHost(_ host: String) -> Bool {
        let bytes = host.utf8
        guard !bytes.isEmpty else { return false }
        if bytes.contains(UInt8(ascii: ":")) {
            return bytes.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        guard bytes.count <= 253 else { return false }
        let dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        var name = Substring(host).utf8
        if name.last == dot { name = name.dropLast() }
        var length = 0, previous: UInt8 = dot
        for byte in name {
            if byte == dot {
                guard length > 0, previous != hyphen else { return false }
                length = 0
            } else {
                guard byte < 0x80, isAlphanumeric(byte) || byte == hyphen || byte == UInt8(ascii: "_") else { return false }
                if length == 0, byte == hyphen { return false }
                length += 1
                guard length <= 63 else { return false }
            }
            previous = byte
        }
        return length > 0 && previous != hyphen
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
