/// A destination that may be passed to a remote program (`mtr TARGET`): an IPv4 or IPv6
/// address, or a host name of letters, digits, hyphens, underscores and dots — nothing else,
/// checked before any command is built. With `ShellQuoting` this is the second of two
/// independent guards: a target can neither reach the shell nor look like an option.
public enum RemoteTarget {
    /// Why `text` is not a target, or nil when it is one.
    public static func problem(_ text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.utf8.count > 253 { return "must be at most 253 characters" }
        if text.hasPrefix("-") { return "must not start with '-'" }
        if isIPv4(text) || isIPv6(text) { return nil }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            if label.isEmpty && index == labels.count - 1 && index > 0 { continue }  // a trailing dot
            guard !label.isEmpty, label.utf8.count <= 63 else { return "must be an IP address or a host name (a label is empty or longer than 63 characters)" }
            guard label.utf8.allSatisfy({ isNameByte($0) }), label.first != "-", label.last != "-" else {
                return "must be an IP address or a host name (letters, digits, '-', '_' and '.')"
            }
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
    }

    private static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }

    private static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.utf8.count <= 45 else { return false }
        guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) || $0 == 0x3A || $0 == 0x2E }) else { return false }
        var storage = [UInt8](repeating: 0, count: 16)
        return inet_pton_ipv6(text, &storage)
    }
}
