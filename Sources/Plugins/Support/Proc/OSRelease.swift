/// `/etc/os-release` (or `/usr/lib/os-release`): `KEY=value` lines in shell syntax, values
/// bare, in double quotes with `\"`, `\\`, `` \` `` and `\$` escapes, or in single quotes.
public struct OSRelease: Sendable, Hashable, Codable {
    /// Every key read, such as `ID`, `VERSION_ID` and `PRETTY_NAME`.
    public var values: [String: String]

    /// `PRETTY_NAME`, else `NAME VERSION`, else `NAME`, else "Linux" (the specification's default).
    public var prettyName: String {
        if let pretty = values["PRETTY_NAME"], !pretty.isEmpty { return pretty }
        switch (values["NAME"], values["VERSION"]) {
        case let (name?, version?): return "\(name) \(version)"
        case let (name?, nil): return name
        default: return "Linux"
        }
    }

    /// The distribution's id (`debian`, `ubuntu`), "linux" when not given.
    public var id: String { values["ID"] ?? "linux" }

    /// Reads the file. Comments, blank lines and lines that are not an assignment are
    /// skipped, as os-release(5) says; at most 256 keys and 1,024 characters a value.
    public static func parse(_ text: some StringProtocol) throws -> OSRelease {
        var values: [String: String] = [:]
        for line in try ProcText.lines(text, file: "/etc/os-release") {
            let trimmed = ProcText.trimmed(line)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals]
            guard !key.isEmpty, key.utf8.count <= 64,
                  key.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }),
                  let value = unquote(trimmed[trimmed.index(after: equals)...]) else { continue }
            values[String(key)] = String(value.prefix(1_024))
            if values.count >= 256 { break }
        }
        return OSRelease(values: values)
    }

    /// A shell word: bare, "double quoted" with backslash escapes, or 'single quoted'.
    private static func unquote(_ word: Substring) -> String? {
        guard let quote = word.first, quote == "\"" || quote == "'" else { return String(word) }
        guard word.count >= 2, word.last == quote else { return nil }
        let inner = word.dropFirst().dropLast()
        guard quote == "\"" else { return String(inner) }
        var result = ""
        var escaped = false
        for character in inner {
            if escaped {
                if !"\"\\`$".contains(character) { result.append("\\") }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}
